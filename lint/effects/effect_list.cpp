#include "lint/effects/effect_list.h"

namespace pgdrydock {

Effect& EffectList::lock(const std::string& relation, RelationKind kind, LockMode mode) {
  for (Effect& e : effects_) {
    if (e.relation != relation)
      continue;
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
  return effects_.back();
}

void EffectList::note(Effect& effect, std::string_view text) {
  if (text.empty() || effect.note.find(text) != std::string::npos)
    return;
  if (!effect.note.empty())
    effect.note += "; ";
  effect.note += text;
}

} // namespace pgdrydock
