// The lint model's prediction for a statement (StatementResult::effects) against what its
// replay observed, relation by relation. Each disagreement is one line a user can paste into a
// bug report: "predicted ShareLock, observed AccessExclusiveLock on public.t" (the reports put
// "model disagrees: " before it).
#pragma once

#include <string>
#include <vector>

#include "lint/effect.h"
#include "simulate/replay/observed_locks.h"

namespace pgdrydock {

// Only what the model claims to know is compared: locks and rewrites of relations that existed
// before the statement (also those new in the migration: an earlier statement made them). Indexes
// and owned sequences follow their table (the statement does not name them) and are never a
// disagreement while their table is locked or predicted. With `sampled` (a statement polled from a
// second session while it ran) a short lock may have been missed: only a lock stronger than
// predicted, or one on an unpredicted relation, counts.
std::vector<std::string> model_disagreements(const std::vector<Effect>& predicted,
                                             const LockObservation& seen, bool sampled);

} // namespace pgdrydock
