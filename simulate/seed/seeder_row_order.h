// The physical order of generated values, shaped like production's pg_stats.correlation (the
// correlation between a column's values and the rows' physical order). It decides what an
// index build sorts: a CREATE INDEX on a column whose values already lie in order sorts far
// faster than on one in random order, so a sandbox that got this wrong would time it wrong.
//
// Without statistics a unique column counts up with the row (correlation 1). With a correlation
// c, row r takes the value of position order(r) instead: the rows are cut into blocks of B rows
// and shuffled within each block by a keyed permutation, reversed when c < 0. A shuffle within
// blocks leaves a correlation of 1 - Σ size³ / rows³ (about 1 - (B/rows)² for equal blocks): B
// is the largest block size for which that still reaches |c|. Columns with a fixed number of
// distinct values take value class order(r)·distinct/rows, so their classes follow the same order.
#pragma once

#include <cstdint>

namespace pgdrydock {

struct RowOrder {
  long long rows = 0;  // rows of the table being filled; 0: the rows' own order
  long long block = 0; // shuffle within blocks of this many rows (0 or 1: none)
  bool reversed = false;
  std::uint64_t key = 0; // varies the shuffle between columns

  // The order for `rows` rows and production correlation `correlation` (-1..1).
  static RowOrder for_correlation(double correlation, long long rows, std::uint64_t key);

  bool active() const { return rows > 0 && (block > 1 || reversed); }
  // The position of `row` (0 <= row < rows): a permutation of 0..rows-1. Rows outside that
  // range are returned as they are.
  long long position(long long row) const;
};

} // namespace pgdrydock
