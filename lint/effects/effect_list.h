// Collects the effects of one statement: one entry per relation, keeping the strongest lock
// (PostgreSQL holds every lock a statement took until the end of the transaction, so what
// matters to others is the strongest mode on each relation).
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "lint/effect.h"

namespace pgdrydock {

class EffectList {
public:
  // Adds `mode` on `relation` (merged with what is already there) and returns the entry so the
  // caller can set rewrite / scan / creates.
  Effect& lock(const std::string& relation, RelationKind kind, LockMode mode);
  // Appends a sentence to the relation's note (once).
  void note(Effect& effect, std::string_view text);
  bool empty() const { return effects_.empty(); }
  std::vector<Effect> take() { return {effects_.begin(), effects_.end()}; }

private:
  std::deque<Effect> effects_; // a deque: references handed out stay valid as it grows
};

} // namespace pgdrydock
