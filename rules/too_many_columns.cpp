// too-many-columns: a CREATE TABLE or ALTER TABLE ... ADD COLUMN that takes a table past
// PostgreSQL's limit of 1,600 columns (MaxHeapAttributeNumber). The server refuses the
// statement ("tables can have at most 1600 columns"), so the migration stops there. Dropped
// columns keep their attribute numbers and still count, which the catalog tracks
// (CatalogTable::dropped_columns): a table that was widened and trimmed for years can hit the
// limit with far fewer live columns. Only tables the model knows for certain are judged.
#include "lint/catalog/catalog.h"
#include "lint/rule.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

constexpr std::size_t kMaxColumns = 1600;

class TooManyColumns : public Rule {
public:
  std::string_view id() const override { return "too-many-columns"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "The statement takes a table past PostgreSQL's limit of 1,600 columns";
  }
  std::vector<std::string_view> statement_kinds() const override {
    return {"CreateStmt", "AlterTableStmt"};
  }

  void check(const RuleInput& in, FindingSink& out) const override {
    std::size_t added = 0;
    std::size_t existing = 0;
    Node relation;
    if (in.root.kind() == "CreateStmt") {
      relation = in.body["relation"].body();
      for (const Node& elt : in.body.list("tableElts"))
        if (elt.as("ColumnDef"))
          ++added;
    } else {
      if (!in.context.catalog)
        return;
      relation = in.body["relation"].body();
      const Catalog& c = *in.context.catalog;
      const CatalogTable* t =
          c.table(c.resolve_relation(relation.str("schemaname"), relation.str("relname")));
      if (!t || t->uncertain)
        return;
      existing = t->columns.size() + static_cast<std::size_t>(t->dropped_columns);
      for (const Node& cmd : rules::alter_table_commands(in.body)) {
        if (cmd.str("subtype") != "AT_AddColumn")
          continue;
        Node def = cmd["def"].as("ColumnDef");
        if (cmd.boolean("missing_ok") && t->column(def.str("colname")))
          continue; // ADD COLUMN IF NOT EXISTS of a column it has: nothing added
        ++added;
      }
    }
    if (added == 0 || existing + added <= kMaxColumns)
      return;
    std::string table = rules::display_name(relation);
    std::string counted = existing == 0 ? std::to_string(added) + " columns"
                                        : std::to_string(existing) +
                                              " columns (dropped ones included) plus " +
                                              std::to_string(added) + " new";
    out.add(finding(in,
                    "table \"" + table + "\" would have " + counted + ": PostgreSQL allows at " +
                        "most 1600 columns per table and rejects this statement",
                    "Split the data over several tables (a 1:1 side table keyed by the same id), "
                    "or store the sparse attributes in one jsonb column. Dropped columns still "
                    "count: only a new table (CREATE TABLE ... AS, or a dump and restore) frees "
                    "their numbers."));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(TooManyColumns)
} // namespace pgdrydock
