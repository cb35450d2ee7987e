#include "lint/effects/effect_list.h"

#include <iterator>

namespace pgdrydock {

Effect& EffectList::lock(const std::string& relation, RelationKind kind, LockMode mode) {
  if (auto found = by_relation_.find(relation); found != by_relation_.end()) {
    Effect& e = *found->second;
    if (mode > e.lock)
      e.lock = mode;
    if (e.kind == RelationKind::Unknown)
      e.kind = kind;
    return e;
  }
  Effect e;
  e.relation = relation;
  e.kind = kind;
  e.lock = mode;
  effects_.push_back(std::move(e));
  // The key views the stored relation name: a deque never moves its elements on push_back.
  Effect& stored = effects_.back();
  by_relation_.emplace(stored.relation, &stored);
  return stored;
}

Effect& EffectList::add(Effect effect) {
  Effect& e = lock(effect.relation, effect.kind, effect.lock);
  e.rewrite = e.rewrite || effect.rewrite;
  e.scan = e.scan || effect.scan;
  e.creates = e.creates || effect.creates;
  note(e, effect.note);
  if (e.why.empty())
    e.why = std::move(effect.why);
  return e;
}

Effect* EffectList::find(const std::string& relation) {
  auto found = by_relation_.find(relation);
  return found == by_relation_.end() ? nullptr : found->second;
}

std::vector<Effect> EffectList::take() {
  std::vector<Effect> out(std::make_move_iterator(effects_.begin()),
                          std::make_move_iterator(effects_.end()));
  by_relation_.clear();
  effects_.clear();
  return out;
}

void EffectList::note(Effect& effect, std::string_view text) {
  if (text.empty() || effect.note.find(text) != std::string::npos)
    return;
  if (!effect.note.empty())
    effect.note += "; ";
  effect.note += text;
}

} // namespace pgdrydock
