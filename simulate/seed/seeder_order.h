// The order in which tables are filled: every parent before the tables that reference it.
// A cycle of foreign keys is broken at a foreign key whose columns are all nullable (those
// columns are filled with NULL); a cycle made only of NOT NULL foreign keys cannot be filled.
#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "simulate/seed/catalog_reader.h"

namespace pgdrydock {

struct FillOrder {
  std::vector<size_t> order;                             // indexes into the table list
  std::set<std::pair<size_t, size_t>> null_foreign_keys; // (table, foreign key index) set NULL
  std::vector<size_t> unfillable;                        // tables in a NOT NULL cycle
  std::string cycle_description;                         // "a -> b -> a" for the message
};

FillOrder plan_fill_order(const std::vector<LiveTable>& tables);

} // namespace pgdrydock
