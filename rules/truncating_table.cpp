// truncating-table: TRUNCATE of a table that existed before the migration. It deletes every
// row at once (no WHERE, no undo once committed) under an ACCESS EXCLUSIVE lock that blocks
// reads and writes until the transaction ends. CASCADE also empties every table that references
// it by foreign key, and the tables referencing those, which is easy to miss in review: when
// the catalog replayed from the history knows them, the message names them. A table created in
// this migration is new and empty: truncating it loses nothing, so it is not reported.
#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lint/catalog/catalog.h"
#include "lint/catalog/lookups.h"
#include "lint/rule.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

// Every table that a TRUNCATE ... CASCADE of `start` also empties: the tables referencing them
// by foreign key, transitively. Each table is visited once, so this is linear in the foreign
// keys it follows.
std::vector<std::string> cascade_reach(const Catalog& catalog,
                                       const std::vector<std::string>& start) {
  std::set<std::string> seen(start.begin(), start.end());
  std::vector<std::string> queue = start;
  std::vector<std::string> reached;
  for (std::size_t i = 0; i < queue.size(); ++i)
    for (const auto& key : catalog.lookups().referencing(queue[i]))
      if (seen.insert(std::string(key)).second) {
        queue.emplace_back(key);
        reached.push_back(display_key(std::string(key)));
      }
  std::sort(reached.begin(), reached.end());
  return reached;
}

class TruncatingTable : public Rule {
public:
  std::string_view id() const override { return "truncating-table"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "TRUNCATE in a migration deletes every row under an ACCESS EXCLUSIVE lock";
  }
  std::vector<std::string_view> statement_kinds() const override { return {"TruncateStmt"}; }

  void check(const RuleInput& in, FindingSink& out) const override {
    std::vector<std::string> shown;
    std::vector<std::string> keys; // as the catalog names them, for CASCADE
    for (const Node& r : in.body.list("relations")) {
      Node range_var = r.as("RangeVar");
      if (!range_var || !rules::is_existing(in.context, qualified_name(range_var)))
        continue;
      shown.push_back(rules::display_name(range_var));
      if (const Catalog* catalog = in.context.catalog) {
        std::string key =
            catalog->resolve_relation(range_var.str("schemaname"), range_var.str("relname"));
        const CatalogTable* table = key.empty() ? nullptr : catalog->table(key);
        if (table && !table->uncertain)
          keys.push_back(std::move(key));
      }
    }
    // The catalog knows every table named and can vouch for what does not exist: its answer
    // about who references them is complete.
    const Catalog* catalog = in.context.catalog;
    bool complete = catalog && catalog->trusted && keys.size() == shown.size();
    if (shown.empty())
      return;
    std::string tables = fmt::format("\"{}\"", fmt::join(shown, "\", \""));
    std::string message = fmt::format(
        "TRUNCATE deletes every row of {} (no WHERE, lost for good once committed) and holds an "
        "ACCESS EXCLUSIVE lock (blocks reads and writes) until the transaction ends",
        tables);
    if (in.body.str("behavior") == "DROP_CASCADE") {
      std::vector<std::string> reached;
      if (catalog && !keys.empty())
        reached = cascade_reach(*catalog, keys);
      if (!reached.empty())
        message += fmt::format("; CASCADE also empties {} (the tables that reference it by "
                               "foreign key, and those referencing them)",
                               fmt::join(reached, ", "));
      else if (complete)
        message += "; CASCADE reaches no other table of the schema as replayed from the history "
                   "(none references it by foreign key)";
      else
        message += "; CASCADE also empties every table that references it by foreign key "
                   "(and the tables referencing those)";
    }
    out.add(finding(
        in, std::move(message),
        "Keep data deletion out of schema migrations: delete in batches from a job, "
        "DELETE FROM <table> WHERE <key range>, each batch committed on its own; list every "
        "table explicitly instead of CASCADE. When the table is scratch data nobody reads, "
        "silence this finding with -- pgdrydock:ignore truncating-table <reason>."));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(TruncatingTable)
} // namespace pgdrydock
