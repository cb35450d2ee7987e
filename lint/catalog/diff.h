// The one schema diff: the differences between two schemas, object by object, as
// CatalogDifference records. Two sources feed it: the model's catalogs (diff_catalogs: what
// downgrade-not-inverse reports and what the verification test compares against a real server)
// and a live server's snapshots (simulate/check/schema_snapshot.h: the simulated reversibility
// check). Both walk their objects with diff_keyed()/diff_sets() below, so "only before", "in
// both", "only after" mean the same everywhere. Column order is not a difference (PostgreSQL
// appends a re-added column at the end; nothing reads it by position).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "lint/catalog/catalog.h"

namespace pgdrydock {

struct CatalogDifference {
  enum class Change { Added, Removed, Changed };
  std::string kind; // "table", "column", "constraint", "index", "sequence", "type", "view", ...
  std::string name; // "orders", "orders.email", "orders_pkey"
  Change change = Change::Changed;
  std::string was; // for Changed: the old state in words ("text", "NOT NULL", "NOT VALID")
  std::string now;
  std::string what; // for Changed: the property ("type", "nullability", "default", ...)
};

struct DiffOptions {
  bool defaults = true;
  bool check_definitions = true; // CHECK expression text
  bool sequences = true;
  bool non_relation_objects = true; // functions, triggers, policies, extensions, views, domains
  bool index_predicates = true;
};

namespace diff_detail {
template <typename T> const T* lookup(const std::map<std::string, T>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? nullptr : &it->second;
}
template <typename T> const T* lookup(const CowMap<T>& m, const std::string& k) {
  return m.get(k);
}
} // namespace diff_detail

// Compares two keyed collections (std::map or CowMap): only_a(key, a_value) for each key
// missing from b, both(key, a_value, b_value) for each key in both (in a's order), then
// only_b(key, b_value) for each key missing from a (in b's order).
template <typename Map, typename OnlyA, typename Both, typename OnlyB>
void diff_keyed(const Map& a, const Map& b, OnlyA&& only_a, Both&& both, OnlyB&& only_b) {
  for (const auto& [key, value] : a) {
    if (const auto* other = diff_detail::lookup(b, key))
      both(key, value, *other);
    else
      only_a(key, value);
  }
  for (const auto& [key, value] : b)
    if (!a.count(key))
      only_b(key, value);
}

// The same for sets of names: only_a(name) for each missing from b, then only_b(name).
template <typename Set, typename OnlyA, typename OnlyB>
void diff_sets(const Set& a, const Set& b, OnlyA&& only_a, OnlyB&& only_b) {
  for (const auto& name : a)
    if (!b.count(name))
      only_a(name);
  for (const auto& name : b)
    if (!a.count(name))
      only_b(name);
}

// What changed going from `from` to `to`, tables (with their columns, constraints, policies
// and triggers) first, then indexes, sequences, types, domains, views, functions, extensions
// and schemas, each in name order.
std::vector<CatalogDifference> diff_catalogs(const Catalog& from, const Catalog& to,
                                             const DiffOptions& options = {});
// "column orders.note added (text)" / "index orders_a_idx removed" / "column x.y: type int4 ->
// text"
std::string describe(const CatalogDifference& d);

} // namespace pgdrydock
