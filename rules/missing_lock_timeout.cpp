// missing-lock-timeout: the first statement of a script that takes a SHARE lock or stronger on
// a table that existed before the migration, with no lock_timeout in force. Such a lock waits
// for every conflicting lock already held (a long report query, an idle-in-transaction
// session), and every later query on the table queues behind the waiting statement: a
// one-millisecond ALTER becomes an outage. lock_timeout turns that into a fast, retryable failure.
#include <fmt/format.h>

#include "lint/effects/predict.h"
#include "lint/rule.h"
#include "rules/rule_helpers.h"
#include "rules/statement_locks.h"

namespace pgdrydock {
namespace {

// Counts the statements so far in the script that locked a relation that existed before the
// migration in SHARE mode or stronger while no lock_timeout was in force: the rule reports only
// the first of them.
class StrongLocksWithoutTimeout : public ScriptState {
public:
  int count = 0;

  void seen(const StatementSeen& seen) override {
    // Transaction control and SET lock nothing (and SET may change the timeout itself).
    std::string_view kind = seen.root.kind();
    if (kind == "TransactionStmt" || kind == "VariableSetStmt")
      return;
    if (seen.context.lock_timeout_ms.value_or(0) > 0)
      return;
    for (const Effect& e : seen.effects)
      if (!e.creates && !seen.context.is_new(e.relation) && e.lock >= LockMode::Share &&
          !lock_holds_no_one_up(seen.root, e)) {
        ++count;
        return;
      }
  }
};

class MissingLockTimeout : public Rule {
public:
  std::string_view id() const override { return "missing-lock-timeout"; }
  Severity default_severity() const override { return Severity::Warning; }
  std::string_view summary() const override {
    return "A SHARE-or-stronger lock on an existing table with no lock_timeout set before it";
  }

  std::unique_ptr<ScriptState> new_script_state() const override {
    return std::make_unique<StrongLocksWithoutTimeout>();
  }

  void check(const RuleInput& in, FindingSink& out) const override {
    if (in.traits.transaction_control || in.root.kind() == "VariableSetStmt")
      return;
    if (in.context.lock_timeout_ms.value_or(0) > 0)
      return;
    // One finding per script: the first statement says it all, the others would repeat it.
    if (state_of<StrongLocksWithoutTimeout>(in).count > 0)
      return;
    std::vector<rules::LockedRelation> locks = rules::locks_on_existing(in);
    const rules::LockedRelation* strong = nullptr;
    for (const rules::LockedRelation& l : locks)
      if (l.lock >= LockMode::Share && (!strong || l.lock > strong->lock))
        strong = &l;
    if (!strong)
      return;

    std::string lock = rules::a_lock_name(strong->lock);
    std::string set_to =
        in.context.lock_timeout_ms ? " (lock_timeout is 0: disabled)" : " (no SET lock_timeout)";
    std::string message = fmt::format(
        "this statement needs {} lock on {} with no lock_timeout in force{}: if any session "
        "holds a conflicting lock, the statement waits for it, and every query on {} that "
        "{} queues behind the waiting statement",
        lock, strong->relation, set_to, strong->relation,
        blocks_reads(strong->lock) ? "reads or writes it" : "writes to it");
    std::string recipe =
        in.context.in_transaction
            ? "Bound the wait at the start of the transaction, and retry the migration when it "
              "times out:\n  SET LOCAL lock_timeout = '2s';"
            : "Bound the wait before the first locking statement, and retry the migration when "
              "it times out:\n  SET lock_timeout = '2s';";
    out.add(finding(in, std::move(message), std::move(recipe)));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(MissingLockTimeout)
} // namespace pgdrydock
