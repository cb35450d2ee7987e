#include "rules/altered_table.h"

#include "rules/rule_helpers.h"

namespace pgdrydock::rules {

std::optional<AlteredTable> altered_existing_table(const RuleInput& in) {
  Node range_var = in.body["relation"];
  std::string relation = qualified_name(range_var);
  if (!is_existing(in.context, relation))
    return std::nullopt;
  return AlteredTable{relation, display_name(range_var), alter_table_commands(in.body)};
}

std::vector<Node> commands_of(const AlteredTable& table, std::string_view subtype) {
  std::vector<Node> out;
  for (const Node& cmd : table.commands)
    if (cmd.str("subtype") == subtype)
      out.push_back(cmd);
  return out;
}

std::vector<Node> added_columns(const AlteredTable& table) {
  std::vector<Node> out;
  for (const Node& cmd : commands_of(table, "AT_AddColumn"))
    if (Node col = cmd["def"].as("ColumnDef"))
      out.push_back(col);
  return out;
}

std::vector<AddedConstraint> added_constraints(const AlteredTable& table) {
  std::vector<AddedConstraint> out;
  for (const Node& cmd : table.commands) {
    std::string_view subtype = cmd.str("subtype");
    if (subtype == "AT_AddConstraint") {
      if (Node con = cmd["def"].as("Constraint"))
        out.push_back({con, {}});
    } else if (subtype == "AT_AddColumn") {
      Node col = cmd["def"].as("ColumnDef");
      for (const Node& con : column_constraints(col))
        out.push_back({con, col});
    }
  }
  return out;
}

void AlterTableRule::check(const RuleInput& in, FindingSink& out) const {
  if (std::optional<AlteredTable> table = altered_existing_table(in))
    check_table(in, *table, out);
}

} // namespace pgdrydock::rules
