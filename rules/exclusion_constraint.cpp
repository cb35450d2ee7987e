// exclusion-constraint: ADD CONSTRAINT ... EXCLUDE on a table that existed before the
// migration. PostgreSQL builds the constraint's index and checks every row under
// ACCESS EXCLUSIVE; unlike UNIQUE there is no USING INDEX form and no CONCURRENTLY build, so
// the recipe can only shorten or move the lock, not avoid it. Hence a warning, not an error:
// there is no safe alternative to point to.
#include "lint/rule.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

class ExclusionConstraint : public Rule {
public:
  std::string_view id() const override { return "exclusion-constraint"; }
  Severity default_severity() const override { return Severity::Warning; }
  std::string_view summary() const override {
    return "ADD EXCLUDE builds its index under ACCESS EXCLUSIVE and has no concurrent form";
  }
  std::vector<std::string_view> statement_kinds() const override { return {"AlterTableStmt"}; }

  void check(const RuleInput& in, FindingSink& out) const override {
    std::string relation = qualified_name(in.body["relation"]);
    if (!rules::is_existing(in.context, relation))
      return;
    std::string table = rules::display_name(in.body["relation"]);
    for (const Node& cmd : rules::alter_table_commands(in.body)) {
      if (cmd.str("subtype") != "AT_AddConstraint")
        continue;
      Node con = cmd["def"].as("Constraint");
      if (!con || con.str("contype") != "CONSTR_EXCLUSION")
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
