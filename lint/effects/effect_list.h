// Collects the effects of one statement: one entry per relation, keeping the strongest lock
// (PostgreSQL holds every lock a statement took until the end of the transaction, so what
// matters to others is the strongest mode on each relation).
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lint/effect.h"

namespace pgdrydock {

class EffectList {
public:
  EffectList() = default;
  // The index points into effects_: a copy would point into the original.
  EffectList(const EffectList&) = delete;
  EffectList& operator=(const EffectList&) = delete;

  // Adds `mode` on `relation` (merged with what is already there) and returns the entry so the
  // caller can set rewrite / scan / creates.
  Effect& lock(const std::string& relation, RelationKind kind, LockMode mode);
  // Adds a whole effect: a new entry as given, or merged into the existing one (the stronger
  // lock, rewrite/scan/creates or-ed, the notes joined, the first `why` kept).
  Effect& add(Effect effect);
  // The entry of `relation`, or nullptr.
  Effect* find(const std::string& relation);
  // Appends a sentence to the relation's note (once).
  void note(Effect& effect, std::string_view text);
  bool empty() const { return effects_.empty(); }
  // Moves the effects out, in the order they were first locked; the list is empty afterwards.
  std::vector<Effect> take();

private:
  std::deque<Effect> effects_; // a deque: references handed out stay valid as it grows
  // Relation name -> its entry, so that a query naming 100,000 relations costs linear time
  // (a scan of effects_ per lock made a 100,000-item FROM list quadratic).
  std::unordered_map<std::string_view, Effect*> by_relation_;
};

} // namespace pgdrydock
