// The strong locks a transaction has taken so far and still holds (PostgreSQL releases them
// only at COMMIT or ROLLBACK): what lock-held-across-statements, validate-in-same-transaction
// and alembic-mixed-data-migration reason about. Each of those rules keeps one in its
// ScriptState, fed every statement of the script.
#pragma once

#include <string>
#include <vector>

#include "lint/rule_state.h"

namespace pgdrydock::rules {

struct HeldLock {
  std::string relation;
  LockMode lock = LockMode::AccessShare;
  SourceLocation taken_at;
};

class HeldLocks {
public:
  // Moves past one statement (seen.context is the state before it).
  void seen(const StatementSeen& seen);
  // Locks on relations that existed before the migration, in the order taken.
  const std::vector<HeldLock>& locks() const { return locks_; }
  // The first ACCESS EXCLUSIVE one; nullptr when none is held.
  const HeldLock* access_exclusive() const;

private:
  std::vector<HeldLock> locks_;
};

// The ScriptState of a rule that needs nothing but the held locks.
class HeldLocksState : public ScriptState {
public:
  void seen(const StatementSeen& statement) override { held.seen(statement); }
  HeldLocks held;
};

// Whether a TransactionStmt ends the transaction (COMMIT, ROLLBACK, PREPARE TRANSACTION).
bool ends_transaction(const Node& root);

} // namespace pgdrydock::rules
