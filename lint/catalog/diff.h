// The one schema diff: the differences between two schemas, object by object, as
// CatalogDifference records. Two sources feed it: the model's catalogs (diff_catalogs: what
// downgrade-not-inverse reports and what the verification test compares against a real server)
// and a live server's snapshots (simulate/check/schema_snapshot.h: the simulated reversibility
// check). Both walk their objects with diff_keyed()/diff_sets() below, so "only before", "in
// both", "only after" mean the same everywhere. Column order is not a difference (PostgreSQL
// appends a re-added column at the end; nothing reads it by position).
#pragma once

#include <map>
#include <set>
#include <string>
#include <tuple>
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

// Compares two keyed collections (std::map): only_a(key, a_value) for each key missing from
// b, both(key, a_value, b_value) for each key in both (in a's order), then only_b(key, b_value)
// for each key missing from a (in b's order).
template <typename T, typename OnlyA, typename Both, typename OnlyB>
void diff_keyed(const std::map<std::string, T>& a, const std::map<std::string, T>& b,
                OnlyA&& only_a, Both&& both, OnlyB&& only_b) {
  for (const auto& [key, value] : a) {
    if (auto other = b.find(key); other != b.end())
      both(key, value, other->second);
    else
      only_a(key, value);
  }
  for (const auto& [key, value] : b)
    if (!a.count(key))
      only_b(key, value);
}

// The same for the catalog's maps, in the same order, visiting only what the two do not share:
// both() is called for the keys whose values differ (a value both share cannot differ), and two
// snapshots of one history are compared in proportion to what changed between them.
template <typename T, typename OnlyA, typename Both, typename OnlyB>
void diff_keyed(const PersistentMap<T>& a, const PersistentMap<T>& b, OnlyA&& only_a, Both&& both,
                OnlyB&& only_b) {
  // The key is copied: the walk may hand over the key of a node it cut from a copy of one tree
  // and frees before it returns (a pointer to it was a use after free, found by the folder
  // fuzzer). The values stay owned by a and b.
  std::vector<std::tuple<std::string, const T*, const T*>> changes;
  PersistentMap<T>::diff(a, b, [&](const std::string& key, const T* was, const T* now) {
    changes.emplace_back(key, was, now);
  });
  for (const auto& [key, was, now] : changes) {
    if (was && now)
      both(key, *was, *now);
    else if (was)
      only_a(key, *was);
  }
  for (const auto& [key, was, now] : changes)
    if (!was)
      only_b(key, *now);
}

// The same for sets of names: only_a(name) for each missing from b, then only_b(name).
template <typename OnlyA, typename OnlyB>
void diff_sets(const std::set<std::string>& a, const std::set<std::string>& b, OnlyA&& only_a,
               OnlyB&& only_b) {
  for (const auto& name : a)
    if (!b.count(name))
      only_a(name);
  for (const auto& name : b)
    if (!a.count(name))
      only_b(name);
}
template <typename OnlyA, typename OnlyB>
void diff_sets(const PersistentSet& a, const PersistentSet& b, OnlyA&& only_a, OnlyB&& only_b) {
  std::vector<std::string> added;
  PersistentSet::diff(a, b, [&](const std::string& name, bool in_a) {
    if (in_a)
      only_a(name);
    else
      added.push_back(name);
  });
  for (const auto& name : added)
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
