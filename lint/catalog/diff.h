// The differences between two catalogs, object by object: what downgrade-not-inverse reports
// and what the verification test compares against a real server. Column order is not a
// difference (PostgreSQL appends a re-added column at the end; nothing reads it by position).
#pragma once

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

// What changed going from `from` to `to`, sorted by kind and name.
std::vector<CatalogDifference> diff_catalogs(const Catalog& from, const Catalog& to,
                                             const DiffOptions& options = {});
// "column orders.note added (text)" / "index orders_a_idx removed" / "column x.y: type int4 ->
// text"
std::string describe(const CatalogDifference& d);

} // namespace pgdrydock
