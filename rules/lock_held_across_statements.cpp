// lock-held-across-statements: a transaction took an ACCESS EXCLUSIVE lock on an existing
// table, and then keeps working. Locks are released only at COMMIT, so every read and write of
// that table waits for everything the transaction does next: a backfill (error), a scan or
// rewrite, or a wait for a lock on another busy table. Cheap follow-ups on the same table
// (another quick ALTER of it) add nothing and are not reported.
#include <fmt/format.h>

#include "lint/rule.h"
#include "rules/held_locks.h"
#include "rules/rule_helpers.h"
#include "rules/statement_locks.h"

namespace pgdrydock {
namespace {

const char* statement_name(std::string_view kind) {
  if (kind == "UpdateStmt")
    return "UPDATE";
  if (kind == "DeleteStmt")
    return "DELETE";
  if (kind == "InsertStmt")
    return "INSERT ... SELECT";
  if (kind == "MergeStmt")
    return "MERGE";
  return "this statement";
}

class LockHeldAcrossStatements : public Rule {
public:
  std::string_view id() const override { return "lock-held-across-statements"; }
  Severity default_severity() const override { return Severity::Warning; }
  std::string_view summary() const override {
    return "More work after an ACCESS EXCLUSIVE lock in the same transaction keeps the table "
           "blocked until COMMIT";
  }

  std::unique_ptr<ScriptState> new_script_state() const override {
    return std::make_unique<rules::HeldLocksState>();
  }

  void check(const RuleInput& in, FindingSink& out) const override {
    const LintContext& ctx = in.context;
    const rules::HeldLocks& held_locks = state_of<rules::HeldLocksState>(in).held;
    if (!ctx.in_transaction || in.traits.transaction_control || in.root.kind() == "VariableSetStmt")
      return;
    const rules::HeldLock* held = held_locks.access_exclusive();
    if (!held)
      return;
    auto already_held = [&](const std::string& relation) {
      for (const rules::HeldLock& h : held_locks.locks())
        if (h.relation == relation)
          return true;
      return false;
    };

    std::vector<rules::LockedRelation> locks = rules::locks_on_existing(in);
    const rules::LockedRelation* slow = nullptr;
    const rules::LockedRelation* other = nullptr;
    for (const rules::LockedRelation& l : locks) {
      if (l.long_running && !slow)
        slow = &l;
      if (!already_held(l.relation) && !other)
        other = &l;
    }
    bool backfill = rules::is_backfill(in.root);
    // In an Alembic revision alembic-mixed-data-migration reports the backfill, with the
    // recipe in Alembic's terms; one finding per statement is enough.
    const Migration* migration = ctx.migration;
    if (backfill && migration && migration->layout == Layout::Alembic)
      return;
    if (!backfill && !slow && !other)
      return;

    std::string since = fmt::format("the ACCESS EXCLUSIVE lock on {} taken at line {}",
                                    held->relation, held->taken_at.line);
    std::string message;
    if (backfill)
      message = fmt::format("{} runs while the transaction still holds {}: every read and write "
                            "of {} waits until COMMIT, for as long as the backfill takes",
                            statement_name(in.root.kind()), since, held->relation);
    else if (slow)
      message = fmt::format("this statement scans or rewrites {} while the transaction still "
                            "holds {}: every read and write of {} waits until it is done",
                            slow->relation, since, held->relation);
    else
      message = fmt::format("this statement waits for {} lock on {} while the transaction "
                            "holds {}: if {} is busy, all reads and writes of {} queue for as "
                            "long as it waits",
                            rules::a_lock_name(other->lock), other->relation, since,
                            other->relation, held->relation);
    std::string recipe =
        "Commit right after the statement that takes the ACCESS EXCLUSIVE lock and run this in a "
        "transaction of its own (a separate migration):\n"
        "  ALTER TABLE ...;   -- quick, with SET LOCAL lock_timeout = '2s'\n"
        "  COMMIT;\n"
        "  " +
        std::string(in.statement.text().substr(0, 120)) +
        (in.statement.text().size() > 120 ? " ..." : "") + ";";
    if (backfill)
      recipe += "\nBetter: backfill in primary-key batches outside the migration, each batch "
                "committed on its own (see unbatched-backfill).";
    Finding f = finding(in, std::move(message), std::move(recipe));
    if (backfill)
      f.severity = Severity::Error;
    out.add(std::move(f));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(LockHeldAcrossStatements)
} // namespace pgdrydock
