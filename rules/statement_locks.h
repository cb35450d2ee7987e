// Which relations a statement locks, and how strongly: from the lock model (RuleInput::effects)
// when it covers the statement, otherwise from the statement kind alone. The fallback keeps the
// lock-related rules (missing-lock-timeout, lock-held-across-statements) working for statement
// kinds the lock model does not predict; it is deliberately coarse (the strongest lock the
// command usually takes) and never decides anything the lock model has an answer for.
#pragma once

#include <string>
#include <vector>

#include "lint/effect.h"
#include "lint/rule.h"

namespace pgdrydock::rules {

struct LockedRelation {
  std::string relation; // schema-qualified
  LockMode lock = LockMode::AccessShare;
  bool long_running = false; // the table is scanned or rewritten under the lock
};

// Relations that existed before this migration which the statement locks.
std::vector<LockedRelation> locks_on_existing(const RuleInput& in);

// The strongest lock of `locks` (AccessShare when empty).
LockMode strongest(const std::vector<LockedRelation>& locks);

// A data change that touches many rows: UPDATE, DELETE, INSERT ... SELECT, MERGE.
bool is_backfill(const Node& root);

} // namespace pgdrydock::rules
