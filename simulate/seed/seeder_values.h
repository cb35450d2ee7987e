// The value generator: turns one column of the catalog (plus what its CHECK constraints
// demand) into a recipe that appends the COPY text form of the value for row r, without
// allocating. Values are a pure function of (salt, row), so a foreign key can regenerate the
// parent's key for any parent row instead of reading it back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "simulate/seed/catalog_reader.h"
#include "simulate/seed/seeder_checks.h"
#include "simulate/seed/seeder_row_order.h"

namespace pgdrydock {

enum class ValueKind {
  Int2,
  Int4,
  Int8,
  Numeric,
  Float4,
  Float8,
  Money,
  Bool,
  Text,
  Uuid,
  Date,
  Timestamp,
  TimestampTz,
  Time,
  TimeTz,
  Interval,
  Json,
  Jsonb,
  Bytea,
  Inet,
  Cidr,
  MacAddr,
  Xml,
  Choice, // enum labels or a CHECK's IN list: one of `choices`
  TsVector,
  LTree,
  HStore,
  Range,      // any range type (type_name says which)
  Multirange, // any multirange type
  Unknown
};

// Maps a catalog base type to a kind (Unknown when there is no generator for it).
ValueKind value_kind_of(const LiveType& type);

struct ValueRecipe {
  ValueKind kind = ValueKind::Unknown;
  bool is_array = false;
  bool unique = false;    // injective in the row number
  std::uint64_t salt = 0; // varies non-unique values between columns
  long long low = 0;      // integer range for numbers (inclusive)
  long long high = 0;
  long long offset = 0;      // added to the row number of unique values (rows already present)
  int scale = 0;             // numeric digits after the point
  long long min_length = 0;  // text
  long long max_length = -1; // text, -1: unbounded
  std::string prefix;        // text values start with it (the column name, shortened)
  // Then the table's name, shortened: two tables' columns of the same name never share a value,
  // so a trigger comparing them (a name reserved in one table, taken in another) accepts both.
  std::string table_tag;
  std::string type_name; // the base type's name (ranges: their bounds depend on it)
  std::vector<std::string> choices;
  bool escape = false; // raw text may hold characters COPY must escape
  // Shape from production statistics (--stats); 0 leaves the column as generated without them.
  long long distinct = 0;      // > 0: exactly min(rows, distinct) values, row mod distinct
  long long target_length = 0; // text: average length to aim at (pg_stats.avg_width)
  RowOrder order;              // physical order like pg_stats.correlation (rows 0: none)

  // Appends the value for `row` in COPY text format (escaped).
  void append(std::string& out, long long row) const;
  // How many distinct values exist (for unique columns: an upper bound on rows); -1 unbounded.
  long long capacity() const;
};

// Builds the recipe for a column; returns an error sentence (empty on success) when the
// type has no generator or the restriction cannot be met.
std::string make_value_recipe(const LiveColumn& column, const ColumnRestriction& restriction,
                              bool unique, std::uint64_t salt, ValueRecipe& recipe);

// Whether the raw values of the recipe may hold characters COPY's text format must escape.
bool needs_copy_escape(const ValueRecipe& recipe);

// A well-mixed 64-bit hash of (row, salt); the source of every non-unique value.
inline std::uint64_t mix_row(std::uint64_t row, std::uint64_t salt) {
  std::uint64_t z = row + salt + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

} // namespace pgdrydock
