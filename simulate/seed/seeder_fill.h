// How one table is filled: for every written column, where its values come from (a generated
// recipe, a parent's key regenerated for a chosen parent row, or NULL), and the value of that
// column for any row number. Shared by the planner (seeder_plan) and the COPY loader
// (seeder_copy).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "simulate/seed/catalog_reader.h"
#include "simulate/seed/seeder_values.h"

namespace pgdrydock::seeding {

struct TablePlan;

// Where one column's values come from.
struct ColumnFill {
  // Existing: a key already in the table (seeder_existing_keys), for its children to point at.
  enum class Source { Generated, ForeignKey, Null, Existing };
  const LiveColumn* column = nullptr;
  Source source = Source::Generated;
  ValueRecipe recipe; // Generated
  // ForeignKey: the parent's fill of the referenced column, regenerated for the chosen row.
  const TablePlan* parent = nullptr;
  size_t parent_fill = 0;
  bool self_reference = false;
  bool unique = false;   // the foreign key is (part of) a UNIQUE constraint
  long long divisor = 1; // mixed radix over the foreign keys of an all-FK UNIQUE constraint
  std::uint64_t salt = 0;
  // Production shape (--stats): NULL in about null_per_million of a million rows, and a
  // non-unique foreign key pointing at only `distinct_parents` parent rows (0: any).
  std::uint64_t null_per_million = 0;
  long long distinct_parents = 0;
  // Existing: the values in COPY text form, by row (shared: plans are copied).
  std::shared_ptr<const std::vector<std::string>> existing;

  void append(std::string& out, long long row, long long rows) const;
};

struct TablePlan {
  const LiveTable* table = nullptr;
  long long rows = 0;      // to generate
  long long loaded = 0;    // rows a foreign key may point at (generated, or existing keys read)
  long long generated = 0; // rows this run generated and loaded
  std::vector<ColumnFill> fills;
  std::string error;
};

} // namespace pgdrydock::seeding
