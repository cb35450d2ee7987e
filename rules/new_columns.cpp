#include "rules/new_columns.h"

#include "lint/catalog/catalog.h"
#include "rules/rule_helpers.h"

namespace pgdrydock::rules {
namespace {

// The table as the catalog knows it for certain, or nothing.
const CatalogTable* known_table(const LintContext& context, const Node& range_var) {
  if (!context.catalog)
    return nullptr;
  const Catalog& c = *context.catalog;
  const CatalogTable* t =
      c.table(c.resolve_relation(range_var.str("schemaname"), range_var.str("relname")));
  return t && !t->uncertain ? t : nullptr;
}

} // namespace

std::vector<NewColumn> new_columns(const RuleInput& in) {
  std::vector<NewColumn> out;
  if (in.context.direction == Direction::Down)
    return out;
  Node range_var = in.body["relation"];
  const std::string relation = qualified_name(range_var);
  const std::string shown = display_name(range_var);
  const CatalogTable* existing = known_table(in.context, range_var);
  auto add = [&](const Node& def) {
    // PARTITION OF / OF type_name list columns only to add constraints: no type, no column.
    if (def && def.has("typeName"))
      out.push_back({relation, shown, def});
  };
  if (in.root.kind() == "CreateStmt") {
    // The table is there for certain: CREATE TABLE fails (or, IF NOT EXISTS, does nothing),
    // so no column is created. A schema dump linted after another is the usual case.
    if (existing)
      return out;
    for (const Node& elt : in.body.list("tableElts"))
      add(elt.as("ColumnDef"));
    return out;
  }
  for (const Node& cmd : alter_table_commands(in.body)) {
    if (cmd.str("subtype") != "AT_AddColumn")
      continue;
    Node def = cmd["def"].as("ColumnDef");
    if (cmd.boolean("missing_ok") && existing && existing->column(def.str("colname")))
      continue; // ADD COLUMN IF NOT EXISTS of a column the table has: nothing is created
    add(def);
  }
  return out;
}

void NewColumnRule::check(const RuleInput& in, FindingSink& out) const {
  for (const NewColumn& column : new_columns(in))
    check_column(in, column, out);
}

} // namespace pgdrydock::rules
