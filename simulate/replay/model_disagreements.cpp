#include "simulate/replay/model_disagreements.h"

#include <map>
#include <set>

#include <fmt/format.h>

namespace pgdrydock {
namespace {

// What the session holds on one relation after the statement.
struct Seen {
  std::optional<LockMode> held, acquired;
  bool created = false;
};

} // namespace

std::vector<std::string> model_disagreements(const std::vector<Effect>& predicted,
                                             const LockObservation& seen, bool sampled) {
  std::map<std::string, Seen> by_name;
  for (const auto& h : seen.locks)
    by_name[h.relation] = {lock_from_pg_name(h.held),
                           h.acquired ? lock_from_pg_name(*h.acquired) : std::nullopt, h.created};
  // The strongest predicted mode per relation (a statement may list one relation twice: a scan
  // and a lock). `creates` means new in this migration, not necessarily made by this statement:
  // what the statement really created is known from the server (HeldRelation::created).
  std::map<std::string, const Effect*> expected;
  for (const auto& e : predicted)
    if (auto [it, added] = expected.try_emplace(e.relation, &e);
        !added && e.lock > it->second->lock)
      it->second = &e;

  std::vector<std::string> out;
  for (const auto& [name, e] : expected) {
    const std::string want = pg_lock_name(e->lock);
    auto it = by_name.find(name);
    const Seen* s = it == by_name.end() ? nullptr : &it->second;
    if (s && s->created)
      continue;
    if (!s || !s->held) {
      if (!sampled && !e->creates)
        out.push_back(fmt::format("predicted {}, observed no lock on {}", want, name));
    } else if (s->acquired && *s->acquired > e->lock) {
      out.push_back(
          fmt::format("predicted {}, observed {} on {}", want, pg_lock_name(*s->acquired), name));
    } else if (*s->held < e->lock && !sampled) {
      // Weaker than predicted, and nothing held from earlier covers the prediction.
      out.push_back(fmt::format("predicted {}, observed {} on {}", want,
                                pg_lock_name(s->acquired.value_or(*s->held)), name));
    }
    // The model does not weigh rewrites of a table new in this migration: it is empty.
    auto o = seen.observed.find(name);
    const bool rewritten = o != seen.observed.end() && o->second.rewrite;
    if (e->kind == RelationKind::Table && !e->creates && e->rewrite != rewritten &&
        o != seen.observed.end())
      out.push_back(fmt::format("predicted {}, observed {} on {}",
                                e->rewrite ? "a rewrite" : "no rewrite",
                                rewritten ? "a rewrite" : "none", name));
  }
  for (const auto& h : seen.locks) {
    if (!h.acquired || h.created || expected.count(h.relation))
      continue;
    // An index or owned sequence moves with its table.
    if (h.belongs_to && (expected.count(*h.belongs_to) || by_name.count(*h.belongs_to)))
      continue;
    auto mode = lock_from_pg_name(*h.acquired);
    if (mode && blocks_writes(*mode))
      out.push_back(fmt::format("predicted no lock, observed {} on {}", *h.acquired, h.relation));
  }
  return out;
}

} // namespace pgdrydock
