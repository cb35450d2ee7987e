// adding-required-column: ADD COLUMN ... NOT NULL with no default on a table that existed
// before the migration. PostgreSQL would have to fill the new column of every existing row
// with NULL, which the constraint forbids: the statement fails as soon as the table has a row.
#include "lint/rule.h"
#include "rules/altered_table.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

// NOT NULL, directly or through PRIMARY KEY (which implies it).
bool requires_value(const Node& column_def) {
  if (column_def.boolean("is_not_null"))
    return true;
  return rules::column_constraint(column_def, "CONSTR_NOTNULL") ||
         rules::column_constraint(column_def, "CONSTR_PRIMARY");
}

// Columns that get a value for every existing row without a DEFAULT clause.
bool fills_itself(const Node& column_def) {
  return rules::column_default(column_def) ||
         rules::column_constraint(column_def, "CONSTR_IDENTITY") ||
         rules::column_constraint(column_def, "CONSTR_GENERATED") ||
         rules::is_serial_type(column_def["typeName"]);
}

class AddingRequiredColumn : public rules::AlterTableRule {
public:
  std::string_view id() const override { return "adding-required-column"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "ADD COLUMN ... NOT NULL without a DEFAULT fails on a table that has rows";
  }
  void check_table(const RuleInput& in, const rules::AlteredTable& altered,
                   FindingSink& out) const override {
    const std::string& table = altered.shown;
    for (const Node& col : rules::added_columns(altered)) {
      if (!requires_value(col) || fills_itself(col))
        continue;
      std::string column(col.str("colname"));
      std::string type = rules::type_name_sql(col["typeName"]);
      out.add(finding(
          in,
          "adding column \"" + column + "\" to table \"" + table +
              "\" as NOT NULL without a DEFAULT fails with \"column contains null values\" as "
              "soon as the table has a row",
          "Add the column nullable, backfill it in batches, then make it NOT NULL safely:\n"
          "  ALTER TABLE " +
              table + " ADD COLUMN " + column + " " + type +
              ";\n"
              "  -- backfill in batches: UPDATE " +
              table + " SET " + column + " = <value> WHERE <key range> AND " + column +
              " IS NULL;\n"
              "  -- then see setting-not-null for SET NOT NULL without a long ACCESS EXCLUSIVE "
              "scan.\n"
              "Or, when one value fits every existing row, add it with a constant DEFAULT: "
              "ADD COLUMN " +
              column + " " + type + " NOT NULL DEFAULT <constant>" +
              (in.context.pg_version >= 11
                   ? std::string(" (free from PostgreSQL 11).")
                   : std::string(" (this rewrites the table before PostgreSQL 11)."))));
    }
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(AddingRequiredColumn)
} // namespace pgdrydock
