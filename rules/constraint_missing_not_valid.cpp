// constraint-missing-not-valid: a FOREIGN KEY or CHECK constraint added to a table that
// existed before the migration without NOT VALID. PostgreSQL validates every existing row
// inside the ALTER TABLE, holding its lock for the whole scan: SHARE ROW EXCLUSIVE on both
// tables for a foreign key (writes wait), ACCESS EXCLUSIVE for a CHECK (reads wait too).
// NOT VALID makes the ADD instant; VALIDATE CONSTRAINT later scans under a lock that lets
// reads and writes go on.
#include "lint/rule.h"
#include "rules/altered_table.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

bool validated_kind(std::string_view contype) {
  return contype == "CONSTR_FOREIGN" || contype == "CONSTR_CHECK";
}

std::string joined(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i ? ", " : "") + std::string(names[i]);
  return out;
}

// The constraint as the recipe re-adds it. The CHECK expression is copied from the statement
// text (the parse tree has no SQL form of it).
std::string constraint_sql(const Node& con, std::string_view column, std::string_view statement) {
  if (con.str("contype") == "CONSTR_CHECK") {
    auto at = static_cast<std::size_t>(con.integer("location", 0));
    std::string_view expr = rules::parenthesized_after(statement, at);
    return "CHECK " + (expr.empty() ? std::string("(...)") : std::string(expr));
  }
  std::vector<std::string_view> fk = con.names("fk_attrs");
  std::string cols = fk.empty() ? std::string(column) : joined(fk);
  std::vector<std::string_view> pk = con.names("pk_attrs");
  return "FOREIGN KEY (" + cols + ") REFERENCES " + rules::display_name(con["pktable"]) +
         (pk.empty() ? "" : " (" + joined(pk) + ")");
}

class ConstraintMissingNotValid : public rules::AlterTableRule {
public:
  std::string_view id() const override { return "constraint-missing-not-valid"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "FOREIGN KEY / CHECK added without NOT VALID validates every row under a strong lock";
  }
  void check_table(const RuleInput& in, const rules::AlteredTable& altered,
                   FindingSink& out) const override {
    for (const auto& [con, column] : rules::added_constraints(altered)) {
      if (!validated_kind(con.str("contype")))
        continue;
      // Column constraints cannot be NOT VALID: a REFERENCES or CHECK written on a new
      // column of an existing table is always validated with a scan.
      if (column || !con.boolean("skip_validation"))
        report(in, out, altered.relation, altered.shown, con, column.str("colname"));
    }
  }

private:
  void report(const RuleInput& in, FindingSink& out, const std::string& relation,
              const std::string& table, const Node& con, std::string_view new_column) const {
    bool fk = con.str("contype") == "CONSTR_FOREIGN";
    std::string name(con.str("conname"));
    std::string shown_name = name.empty() ? std::string("<name>") : name;
    LockMode fallback =
        fk && new_column.empty() ? LockMode::ShareRowExclusive : LockMode::AccessExclusive;
    std::string what = fk ? "foreign key" : "CHECK constraint";
    if (!name.empty())
      what += " \"" + name + "\"";
    std::string message = "adding " + what;
    if (!new_column.empty())
      message += " on new column \"" + std::string(new_column) + "\"";
    message += " to table \"" + table +
               "\" without NOT VALID checks every existing row while "
               "holding " +
               rules::a_lock_phrase(in.effects, relation, fallback);
    if (fk)
      message += "; the referenced table \"" + rules::display_name(con["pktable"]) +
                 "\" is locked SHARE ROW EXCLUSIVE (writes wait) for the same time";

    std::string recipe = "Add the constraint NOT VALID (no scan, brief lock), then validate it "
                         "in a separate transaction (SHARE UPDATE EXCLUSIVE: reads and writes "
                         "go on):\n";
    if (!new_column.empty())
      recipe += "  ALTER TABLE " + table + " ADD COLUMN " + std::string(new_column) +
                " <type>;  -- without the constraint\n";
    recipe += "  ALTER TABLE " + table + " ADD CONSTRAINT " + shown_name + " " +
              constraint_sql(con, new_column, in.statement.text()) +
              " NOT VALID;\n"
              "  -- COMMIT, then:\n"
              "  ALTER TABLE " +
              table + " VALIDATE CONSTRAINT " + shown_name + ";";
    out.add(finding(in, std::move(message), std::move(recipe)));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(ConstraintMissingNotValid)
} // namespace pgdrydock
