// Which relations that existed before the migration a statement locks, and how strongly, as
// the lock model (RuleInput::effects) predicts: what the lock-related rules
// (missing-lock-timeout, lock-held-across-statements) reason about.
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
