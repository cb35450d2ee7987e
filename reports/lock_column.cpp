#include "reports/lock_column.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace pgdrydock {
namespace {

int strength(const std::string& mode) {
  auto m = lock_from_pg_name(mode);
  return m ? static_cast<int>(*m) : -1;
}

// Reports read before `locks` existed carry only the new locks: each stands for itself.
std::vector<HeldRelation> held_relations(const StatementObservation& m) {
  if (!m.locks.empty())
    return m.locks;
  std::vector<HeldRelation> out;
  for (const auto& o : m.observed)
    if (o.lock)
      out.push_back({o.relation, o.kind, *o.lock, o.lock, o.created.value_or(false), std::nullopt});
  return out;
}

std::string describe(const HeldRelation& h) {
  std::string text = h.held + " " + h.relation;
  if (h.created)
    text += " (created)";
  else if (!h.acquired || strength(*h.acquired) < strength(h.held))
    text += " (held from an earlier statement)";
  return text;
}

} // namespace

LockColumn lock_column(const StatementResult& st) {
  LockColumn out;
  if (!st.measured)
    return out;
  for (const auto& o : st.measured->observed)
    out.rewrite = out.rewrite || o.rewrite;
  std::vector<HeldRelation> held = held_relations(*st.measured);
  // The relations the statement names, per the model; the first is the one it acts on.
  std::set<std::string> named;
  std::string primary;
  for (const auto& e : st.effects) {
    named.insert(e.relation);
    if (primary.empty())
      primary = e.relation;
  }
  // Existing before created; then the strongest; among equals the relation the statement acts
  // on, then one it names, a relation before an index or sequence that follows it; then by name.
  auto rank = [&](const HeldRelation& h) {
    return std::make_tuple(!h.created, strength(h.held), h.relation == primary,
                           named.count(h.relation) > 0, !h.belongs_to.has_value());
  };
  std::stable_sort(held.begin(), held.end(),
                   [&](const HeldRelation& a, const HeldRelation& b) { return rank(a) > rank(b); });
  std::set<std::string> shown;
  for (const auto& h : held)
    shown.insert(h.relation);
  out.main.assign(1, '-'); // (not = "-": GCC 12 -O3 reports a false -Wrestrict there)
  bool first = true;
  for (const auto& h : held) {
    if (h.belongs_to && shown.count(*h.belongs_to))
      continue;
    if (first && !h.created)
      out.main = describe(h);
    else
      out.others.push_back(describe(h));
    first = false;
  }
  return out;
}

std::vector<std::string> disagreement_lines(const StatementObservation& measured) {
  std::vector<std::string> out;
  for (const auto& d : measured.mismatch)
    out.push_back("model disagrees: " + d);
  return out;
}

} // namespace pgdrydock
