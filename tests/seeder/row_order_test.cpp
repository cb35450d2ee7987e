// RowOrder: a permutation of the rows whose correlation with the rows' own order is the one
// asked for (simulate/seed/seeder_row_order.h).
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "simulate/seed/seeder_row_order.h"

namespace pgdrydock {
namespace {

double pearson(const RowOrder& order, long long rows) {
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (long long r = 0; r < rows; ++r) {
    const auto x = static_cast<double>(r), y = static_cast<double>(order.position(r));
    sx += x;
    sy += y;
    sxx += x * x;
    syy += y * y;
    sxy += x * y;
  }
  const auto n = static_cast<double>(rows);
  return (sxy - sx * sy / n) / std::sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
}

bool is_permutation(const RowOrder& order, long long rows) {
  std::vector<bool> seen(static_cast<std::size_t>(rows), false);
  for (long long r = 0; r < rows; ++r) {
    const long long p = order.position(r);
    if (p < 0 || p >= rows || seen[static_cast<std::size_t>(p)])
      return false;
    seen[static_cast<std::size_t>(p)] = true;
  }
  return true;
}

TEST(RowOrder, IsAPermutationWithTheAskedCorrelation) {
  for (long long rows : {2LL, 3LL, 17LL, 1'000LL, 65'537LL, 200'000LL})
    for (double c : {1.0, 0.95, 0.5, 0.2, 0.0, -0.3, -1.0}) {
      const RowOrder order = RowOrder::for_correlation(c, rows, 42);
      ASSERT_TRUE(is_permutation(order, rows)) << rows << " " << c;
      // A shuffle of n rows leaves a chance correlation of about 1/sqrt(n).
      if (rows >= 1'000) {
        EXPECT_NEAR(pearson(order, rows), c, rows >= 10'000 ? 0.05 : 0.12)
            << rows << " rows, correlation " << c;
      }
    }
}

TEST(RowOrder, KeysGiveDifferentShufflesAndRowsOutsideStayPut) {
  const RowOrder a = RowOrder::for_correlation(0, 1'000, 1);
  const RowOrder b = RowOrder::for_correlation(0, 1'000, 2);
  int same = 0;
  for (long long r = 0; r < 1'000; ++r)
    same += a.position(r) == b.position(r);
  EXPECT_LT(same, 20);
  EXPECT_EQ(a.position(1'000), 1'000);
  EXPECT_EQ(a.position(-1), -1);
  EXPECT_FALSE(RowOrder{}.active());
  EXPECT_EQ(RowOrder{}.position(7), 7);
  EXPECT_FALSE(RowOrder::for_correlation(1, 1'000, 1).active()); // already in order
}

} // namespace
} // namespace pgdrydock
