#include "simulate/seed/seeder_row_order.h"

#include <algorithm>
#include <cmath>

#include "simulate/seed/seeder_values.h"

namespace pgdrydock {

namespace {

// A keyed permutation of 0..size-1: a four-round Feistel network on the smallest even number
// of bits that holds size, walked until it lands inside the range (each step is a permutation
// of the larger range, so the walk ends and stays a permutation; fewer than four steps are
// expected).
std::uint64_t permute(std::uint64_t value, std::uint64_t size, std::uint64_t key) {
  int bits = 2;
  while ((std::uint64_t{1} << bits) < size)
    bits += 2;
  const int half = bits / 2;
  const std::uint64_t mask = (std::uint64_t{1} << half) - 1;
  do {
    std::uint64_t left = value >> half, right = value & mask;
    for (std::uint64_t round = 0; round < 4; ++round) {
      const std::uint64_t next = left ^ (mix_row(right, key + round) & mask);
      left = right;
      right = next;
    }
    value = (left << half) | right;
  } while (value >= size);
  return value;
}

// The expected correlation of row and position when rows are shuffled within consecutive
// blocks of `block` rows (the last one shorter): 1 - (sum of block sizes cubed) / rows cubed,
// since a block of size b contributes b³/12 of the rows' variance N³/12 of uncorrelated noise.
double shuffled_correlation(long long rows, long long block) {
  const double n = static_cast<double>(rows), b = static_cast<double>(block);
  const double full = std::floor(n / b), rest = n - full * b;
  return 1 - (full * b * b * b + rest * rest * rest) / (n * n * n);
}

} // namespace

RowOrder RowOrder::for_correlation(double correlation, long long rows, std::uint64_t key) {
  RowOrder order;
  if (rows <= 1 || !std::isfinite(correlation))
    return order;
  const double c = std::clamp(correlation, -1.0, 1.0);
  order.rows = rows;
  order.reversed = c < 0;
  // The largest block whose expected correlation still reaches |c| (it falls as blocks grow).
  long long low = 1, high = rows;
  while (low < high) {
    const long long middle = low + (high - low + 1) / 2;
    if (shuffled_correlation(rows, middle) >= std::abs(c))
      low = middle;
    else
      high = middle - 1;
  }
  order.block = low;
  order.key = key;
  return order;
}

long long RowOrder::position(long long row) const {
  if (!active() || row < 0 || row >= rows)
    return row;
  long long p = row;
  if (block > 1) {
    const long long start = row / block * block;
    const long long size = std::min(block, rows - start);
    p = start + static_cast<long long>(permute(static_cast<std::uint64_t>(row - start),
                                               static_cast<std::uint64_t>(size),
                                               key ^ static_cast<std::uint64_t>(start)));
  }
  return reversed ? rows - 1 - p : p;
}

} // namespace pgdrydock
