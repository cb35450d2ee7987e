// Does adding a column rewrite an existing table? The one answer for the lock model
// (alter_table_effects.cpp) and for the rules that explain it (rules/table_rewrite.cpp).
// PostgreSQL 11+ stores a non-volatile default once in the catalog; every other way of giving
// existing rows a value computed per row (a volatile default, serial, identity, a stored
// generated column) makes ALTER TABLE write a new copy of the table.
#include "lint/effects/predict.h"

namespace pgdrydock {

Node column_default(const Node& column_def) {
  Node expr;
  for (const Node& c : column_def.list("constraints"))
    if (Node con = c.as("Constraint"); con.str("contype") == "CONSTR_DEFAULT") {
      expr = con["raw_expr"];
      break;
    }
  if (!expr)
    expr = column_def["raw_default"];
  if (!expr)
    return {};
  // DEFAULT NULL: {"A_Const": {"isnull": true}} — PostgreSQL stores no default for it.
  if (Node c = expr.as("A_Const"); c && c.boolean("isnull"))
    return {};
  return expr;
}

bool is_serial_type(const Node& type_name) {
  std::vector<std::string_view> names = type_name.names("names");
  // The grammar leaves serial unqualified; "pg_catalog.serial" is not a type.
  if (names.size() != 1)
    return false;
  std::string_view n = names.front();
  return n == "serial" || n == "bigserial" || n == "smallserial" || n == "serial2" ||
         n == "serial4" || n == "serial8";
}

std::optional<AddColumnRewrite> add_column_rewrite(const Node& column_def, int pg_version) {
  using Cause = AddColumnRewrite::Cause;
  if (is_serial_type(column_def["typeName"]))
    return AddColumnRewrite{Cause::Serial, {}};
  for (const Node& c : column_def.list("constraints")) {
    std::string_view contype = c.as("Constraint").str("contype");
    if (contype == "CONSTR_IDENTITY")
      return AddColumnRewrite{Cause::Identity, {}};
    if (contype == "CONSTR_GENERATED")
      return AddColumnRewrite{Cause::Generated, {}};
  }
  Node def = column_default(column_def);
  if (!def)
    return std::nullopt;
  if (auto call = volatile_call_in(def))
    return AddColumnRewrite{Cause::VolatileDefault, std::move(*call)};
  if (pg_version < 11)
    return AddColumnRewrite{Cause::DefaultBeforePg11, {}};
  return std::nullopt;
}

} // namespace pgdrydock
