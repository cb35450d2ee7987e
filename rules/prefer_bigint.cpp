// prefer-bigint: a new integer / smallint / serial column that is a primary key or a foreign
// key. A key only grows: integer runs out at 2,147,483,647 (smallint at 32,767), inserts then
// fail, and widening the column later rewrites the table, every index on it and every table
// whose foreign keys point at it. bigint costs 4 bytes more per row.
// A column is judged where it is created (rules/new_columns.h). When it becomes a key later in
// the same script (CREATE TABLE, then ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY, as
// pg_dump and most ORMs write it), it is judged at that constraint: the script state keeps the
// narrow columns it created that are not keys yet. A column created earlier is never flagged.
#include <map>
#include <set>

#include "lint/rule.h"
#include "rules/new_columns.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

// The integer types that run out: the type as the finding names it, or nothing.
std::optional<std::string_view> narrow_integer(const Node& type_name) {
  if (!type_name.list("arrayBounds").empty())
    return std::nullopt;
  std::string_view base = rules::base_type_name(type_name);
  if (base == "int4" || base == "integer" || base == "int")
    return "integer";
  if (base == "int2" || base == "smallint")
    return "smallint";
  if (base == "serial" || base == "serial4")
    return "serial";
  if (base == "smallserial" || base == "serial2")
    return "smallserial";
  return std::nullopt;
}

// Narrow columns this script created that are not keys yet: relation -> column -> type.
struct NarrowColumns : ScriptState {
  std::map<std::string, std::map<std::string, std::string_view, std::less<>>> by_relation;
  void seen(const StatementSeen& /*statement*/) override {} // check() records what it saw
};

enum class KeyKind { Primary, Foreign };

// The key columns a constraint names: PRIMARY KEY (a, b) or FOREIGN KEY (a) REFERENCES ...
std::vector<std::string_view> key_columns(const Node& constraint) {
  std::string_view contype = constraint.str("contype");
  if (contype == "CONSTR_PRIMARY")
    return constraint.names("keys");
  if (contype == "CONSTR_FOREIGN")
    return constraint.names("fk_attrs");
  return {};
}

std::optional<KeyKind> key_kind(const Node& constraint) {
  std::string_view contype = constraint.str("contype");
  if (contype == "CONSTR_PRIMARY")
    return KeyKind::Primary;
  if (contype == "CONSTR_FOREIGN")
    return KeyKind::Foreign;
  return std::nullopt;
}

class PreferBigint : public Rule {
public:
  std::string_view id() const override { return "prefer-bigint"; }
  Severity default_severity() const override { return Severity::Warning; }
  std::string_view summary() const override {
    return "A new integer or smallint primary or foreign key column, which can run out of ids";
  }
  std::vector<std::string_view> statement_kinds() const override {
    return {"CreateStmt", "AlterTableStmt"};
  }
  std::unique_ptr<ScriptState> new_script_state() const override {
    return std::make_unique<NarrowColumns>();
  }

  void check(const RuleInput& in, FindingSink& out) const override {
    if (in.context.direction == Direction::Down)
      return;
    auto& pending = state_of<NarrowColumns>(in).by_relation;
    const std::string relation = qualified_name(in.body["relation"]);
    const std::string shown = rules::display_name(in.body["relation"]);
    auto& narrow = pending[relation];
    // Columns created by this statement join the ones created earlier in the script.
    for (const rules::NewColumn& column : rules::new_columns(in)) {
      std::string name(column.def.str("colname"));
      if (auto type = narrow_integer(column.def["typeName"]))
        narrow[name] = *type;
      else
        narrow.erase(name); // re-created with another type (after a DROP)
    }
    auto judge = [&](std::string_view column, KeyKind kind) {
      auto it = narrow.find(column);
      if (it == narrow.end())
        return;
      report(in, out, shown, it->first, it->second, kind);
      narrow.erase(it); // flagged once
    };
    for (const auto& [constraint, on_column] : constraints(in)) {
      std::optional<KeyKind> kind = key_kind(constraint);
      if (!kind)
        continue;
      if (on_column) // written on the column: the key is that column
        judge(on_column.str("colname"), *kind);
      for (std::string_view column : key_columns(constraint))
        judge(column, *kind);
    }
    if (narrow.empty())
      pending.erase(relation);
  }

private:
  // Every constraint of the statement with the column definition it is written on, if any.
  static std::vector<std::pair<Node, Node>> constraints(const RuleInput& in) {
    std::vector<std::pair<Node, Node>> out;
    auto column = [&](const Node& def) {
      for (const Node& con : rules::column_constraints(def))
        out.emplace_back(con, def);
    };
    if (in.root.kind() == "CreateStmt") {
      for (const Node& elt : in.body.list("tableElts")) {
        if (Node def = elt.as("ColumnDef"))
          column(def);
        else if (Node con = elt.as("Constraint"))
          out.emplace_back(con, Node{});
      }
      return out;
    }
    for (const Node& cmd : rules::alter_table_commands(in.body)) {
      std::string_view subtype = cmd.str("subtype");
      if (subtype == "AT_AddColumn")
        column(cmd["def"].as("ColumnDef"));
      else if (subtype == "AT_AddConstraint")
        if (Node con = cmd["def"].as("Constraint"))
          out.emplace_back(con, Node{});
    }
    return out;
  }

  void report(const RuleInput& in, FindingSink& out, const std::string& table,
              const std::string& column, std::string_view type, KeyKind kind) const {
    const bool small = type == "smallint" || type == "smallserial";
    const std::string limit = small ? "32,767" : "2,147,483,647";
    const std::string wide = type == "serial" || type == "smallserial" ? "bigserial" : "bigint";
    std::string what = kind == KeyKind::Primary
                           ? "a primary key: every new row takes the next id"
                           : "a foreign key: it must hold every id of the table it references";
    out.add(
        finding(in,
                "column \"" + column + "\" of table \"" + table + "\" is " + std::string(type) +
                    " and " + what + "; at " + limit +
                    " inserts fail, and widening it then rewrites the table, its indexes and the "
                    "tables that reference it",
                "Declare it " + wide + " from the start:\n  " + column + " " +
                    (wide == "bigserial" ? "bigint GENERATED BY DEFAULT AS IDENTITY" : "bigint") +
                    (kind == KeyKind::Foreign ? "\nand make the referenced key bigint too." : "")));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(PreferBigint)
} // namespace pgdrydock
