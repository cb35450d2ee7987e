// exclusion-constraint: ADD CONSTRAINT ... EXCLUDE on a table that existed before the
// migration. PostgreSQL builds the constraint's index and checks every row under
// ACCESS EXCLUSIVE; unlike UNIQUE there is no USING INDEX form and no CONCURRENTLY build, so
// the recipe can only shorten or move the lock, not avoid it. Hence a warning, not an error:
// there is no safe alternative to point to.
#include "lint/rule.h"
#include "rules/altered_table.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

class ExclusionConstraint : public rules::AlterTableRule {
public:
  std::string_view id() const override { return "exclusion-constraint"; }
  Severity default_severity() const override { return Severity::Warning; }
  std::string_view summary() const override {
    return "ADD EXCLUDE builds its index under ACCESS EXCLUSIVE and has no concurrent form";
  }
  void check_table(const RuleInput& in, const rules::AlteredTable& altered,
                   FindingSink& out) const override {
    const std::string& relation = altered.relation;
    const std::string& table = altered.shown;
    for (const auto& [con, on_column] : rules::added_constraints(altered)) {
      // EXCLUDE exists only as a table constraint.
      if (on_column || con.str("contype") != "CONSTR_EXCLUSION")
        continue;
      std::string name(con.str("conname"));
      std::string method(con.str("access_method"));
      out.add(finding(
          in,
          "adding exclusion constraint" + (name.empty() ? "" : " \"" + name + "\"") +
              " to table \"" + table + "\" builds its " + (method.empty() ? "" : method + " ") +
              "index and checks every row while holding " +
              rules::a_lock_phrase(in.effects, relation, LockMode::AccessExclusive) +
              "; PostgreSQL has no concurrent way to add it",
          "There is no lock-free recipe. Keep the lock as short as possible:\n"
          "  SET lock_timeout = '2s';  -- give up instead of queueing everyone behind you\n"
          "  -- run in a quiet window; the lock lasts as long as the index build\n"
          "  ALTER TABLE " +
              table +
              " ADD CONSTRAINT ... EXCLUDE USING ...;\n"
              "Or declare the constraint when the table is created (new tables are empty), or "
              "build a new table with it, copy the rows in batches and swap the names."));
    }
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(ExclusionConstraint)
} // namespace pgdrydock
