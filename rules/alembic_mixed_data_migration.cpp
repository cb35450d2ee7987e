// alembic-mixed-data-migration: a data migration (UPDATE, DELETE, INSERT ... SELECT, MERGE of
// an existing table) in the same transaction as a schema change that took ACCESS EXCLUSIVE on
// an existing table. The lock is held until COMMIT, so every read and write of that table
// waits for the whole data migration — the seeds' "zero-downtime" email_verified revision.
// Only for Alembic revisions (Layout::Alembic): in plain SQL lock-held-across-statements
// already reports the same statement.
#include "lint/rule.h"
#include "rules/held_locks.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

// The table the statement writes, when it moves data (INSERT ... VALUES of a few rows does not).
std::string data_target(const RuleInput& in) {
  std::string_view kind = in.root.kind();
  if (kind == "InsertStmt" && !in.body["selectStmt"].as("SelectStmt")["fromClause"])
    return {};
  Node rel = in.body["relation"];
  // A table created earlier in the migration is empty: filling it is quick.
  if (!rel || !rules::is_existing(in.context, qualified_name(rel)))
    return {};
  return rules::display_name(rel);
}

class AlembicMixedDataMigration : public Rule {
public:
  std::string_view id() const override { return "alembic-mixed-data-migration"; }
  Severity default_severity() const override { return Severity::Warning; }
  std::string_view summary() const override {
    return "A data migration runs in the transaction that holds ACCESS EXCLUSIVE from a schema "
           "change";
  }
  std::vector<std::string_view> statement_kinds() const override {
    return {"UpdateStmt", "DeleteStmt", "InsertStmt", "MergeStmt"};
  }

  std::unique_ptr<ScriptState> new_script_state() const override {
    return std::make_unique<rules::HeldLocksState>();
  }

  void check(const RuleInput& in, FindingSink& out) const override {
    // Plain SQL gets lock-held-across-statements for the same statement; this rule adds the
    // Alembic recipe (split the revision, batch in autocommit_block()), so it speaks only there.
    const Migration* migration = in.context.migration;
    if (!migration || migration->layout != Layout::Alembic)
      return;
    if (!in.context.in_transaction)
      return;
    const rules::HeldLock* held = state_of<rules::HeldLocksState>(in).held.access_exclusive();
    if (!held)
      return;
    std::string target = data_target(in);
    if (target.empty())
      return;
    std::string where = held->taken_at.line > 0
                            ? " (taken at line " + std::to_string(held->taken_at.line) + ")"
                            : std::string();
    out.add(finding(
        in,
        "data migration on \"" + target +
            "\" runs in the same transaction as a schema change "
            "that holds ACCESS EXCLUSIVE on \"" +
            held->relation + "\"" + where +
            ": every read and write of it waits until the data migration commits",
        "Split the revision: (1) the schema change alone (nullable column, no constraint); "
        "(2) the data migration in its own revision, in batches that commit one by one, e.g.\n"
        "  with op.get_context().autocommit_block():\n"
        "      op.execute(\"UPDATE ... WHERE id BETWEEN ... AND ... AND col IS NULL\")  # per "
        "batch\n"
        "(3) the constraint (NOT NULL via a CHECK ... NOT VALID, VALIDATE) in a third "
        "revision."));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(AlembicMixedDataMigration)
} // namespace pgdrydock
