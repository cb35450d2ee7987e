#include "simulate/replay/observed_locks.h"

#include <algorithm>

namespace pgdrydock {

std::optional<LockMode> strongest(const std::set<std::string>& modes) {
  std::optional<LockMode> best;
  for (const auto& m : modes)
    if (auto mode = lock_from_pg_name(m); mode && (!best || *mode > *best))
      best = mode;
  return best;
}

const char* relation_kind_word(char relkind) {
  switch (relkind) {
  case 'i':
  case 'I':
    return "index";
  case 'S':
    return "sequence";
  case 'v':
    return "view";
  case 'm':
    return "materialized view";
  default:
    return "table";
  }
}

LockObservation observe_locks(const RelationMap& before, const RelationMap& now,
                              const LockSet& held_before, const LockSet& held_after) {
  // A dropped relation is no longer in `now`: it is named from the state before.
  auto info_of = [&](const std::string& oid) -> const RelationInfo* {
    if (auto it = now.find(oid); it != now.end())
      return &it->second;
    if (auto it = before.find(oid); it != before.end())
      return &it->second;
    return nullptr;
  };
  LockObservation out;
  for (const auto& [oid, modes] : held_after) {
    const RelationInfo* info = info_of(oid);
    const std::optional<LockMode> held = strongest(modes);
    if (!info || !held)
      continue;
    // pg_locks has one row per mode: a mode the session held before is not new, a stronger
    // or a different one is.
    std::set<std::string> fresh = modes;
    if (auto it = held_before.find(oid); it != held_before.end())
      for (const auto& m : it->second)
        fresh.erase(m);
    const std::optional<LockMode> acquired = strongest(fresh);
    const bool created = before.find(oid) == before.end();
    HeldRelation h{
        info->name,  relation_kind_word(info->kind), pg_lock_name(*held), std::nullopt, created,
        std::nullopt};
    if (acquired)
      h.acquired = pg_lock_name(*acquired);
    if (const RelationInfo* owner = info->owner_oid.empty() ? nullptr : info_of(info->owner_oid))
      h.belongs_to = owner->name;
    out.locks.push_back(std::move(h));
    if (acquired)
      out.observed[info->name] = {info->name, created, pg_lock_name(*acquired), false,
                                  relation_kind_word(info->kind)};
  }
  std::sort(out.locks.begin(), out.locks.end(),
            [](const HeldRelation& a, const HeldRelation& b) { return a.relation < b.relation; });
  for (const auto& [oid, info] : before) {
    auto it = now.find(oid);
    if (it == now.end() || info.filenode == "0" || it->second.filenode == info.filenode)
      continue;
    auto [o, added] = out.observed.try_emplace(info.name);
    if (added) // rewritten without a new lock of its own: neither locked nor created here
      o->second = {info.name, std::nullopt, std::nullopt, false, relation_kind_word(info.kind)};
    o->second.rewrite = true;
  }
  return out;
}

} // namespace pgdrydock
