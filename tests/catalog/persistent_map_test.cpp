// The catalog's structure-sharing containers (lint/catalog/persistent_map.h) against std::map:
// random edits and erasures on versions that share structure, each version keeping its own
// contents; diff() reporting exactly the keys whose values differ, in key order.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "lint/catalog/persistent_map.h"

namespace pgdrydock::testing {
namespace {

using Model = std::map<std::string, int>;

Model contents(const PersistentMap<int>& m) {
  Model out;
  for (const auto& [k, v] : m)
    out[k] = v;
  return out;
}

TEST(PersistentMap, VersionsKeepTheirContentsUnderRandomEdits) {
  std::mt19937 rng(15);
  PersistentMap<int> map;
  Model model;
  std::vector<std::pair<PersistentMap<int>, Model>> versions;
  for (int step = 0; step < 4000; ++step) {
    std::string key = "k" + std::to_string(rng() % 300);
    switch (rng() % 4) {
    case 0:
    case 1:
      map.edit(key) = step;
      model[key] = step;
      break;
    case 2:
      EXPECT_EQ(map.erase(key), model.erase(key) > 0);
      break;
    default: {
      std::string to = "k" + std::to_string(rng() % 300);
      bool had = model.count(key) > 0;
      EXPECT_EQ(map.move_key(key, to), had);
      if (had) {
        int v = model[key];
        model.erase(key);
        model[to] = v;
      }
    }
    }
    ASSERT_EQ(map.size(), model.size());
    if (step % 97 == 0)
      versions.emplace_back(map, model);
  }
  EXPECT_EQ(contents(map), model);
  for (const auto& [version, expected] : versions) // later edits never leaked into a copy
    EXPECT_EQ(contents(version), expected);
}

TEST(PersistentMap, DiffReportsWhatDiffersInKeyOrder) {
  std::mt19937 rng(7);
  PersistentMap<int> a;
  for (int i = 0; i < 2000; ++i)
    a.edit("t" + std::to_string(i)) = i;
  PersistentMap<int> b = a;
  std::map<std::string, std::pair<bool, bool>> expected; // key -> (in a, in b)
  for (int i = 0; i < 60; ++i) {
    std::string key = "t" + std::to_string(rng() % 2500);
    if (rng() % 2) {
      b.edit(key) = -1;
    } else {
      b.erase(key);
    }
  }
  Model ma = contents(a), mb = contents(b);
  for (const auto& [k, v] : ma)
    if (!mb.count(k) || mb[k] != v)
      expected[k] = {true, mb.count(k) > 0};
  for (const auto& [k, v] : mb)
    if (!ma.count(k))
      expected[k] = {false, true};
  // An edit that wrote the same value back still counts (values are compared by identity):
  // no such edit here, as every edit wrote -1 where a held i >= 0.
  std::vector<std::string> order;
  PersistentMap<int>::diff(a, b, [&](const std::string& key, const int* was, const int* now) {
    order.push_back(key);
    ASSERT_TRUE(expected.count(key)) << key;
    EXPECT_EQ(was != nullptr, expected[key].first) << key;
    EXPECT_EQ(now != nullptr, expected[key].second) << key;
    if (was) {
      EXPECT_EQ(*was, ma[key]);
    }
    if (now) {
      EXPECT_EQ(*now, mb[key]);
    }
  });
  EXPECT_EQ(order.size(), expected.size());
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  std::size_t calls = 0;
  PersistentMap<int>::diff(a, a, [&](const std::string&, const int*, const int*) { ++calls; });
  EXPECT_EQ(calls, 0u);
}

TEST(PersistentSet, DiffAndIteration) {
  PersistentSet a{"b", "a", "c"};
  PersistentSet b = a;
  b.erase("a");
  b.insert("d");
  std::vector<std::string> seen(a.begin(), a.end());
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "c"}));
  std::vector<std::string> changes;
  PersistentSet::diff(a, b, [&](const std::string& name, bool in_a) {
    changes.push_back((in_a ? "-" : "+") + name);
  });
  EXPECT_EQ(changes, (std::vector<std::string>{"-a", "+d"}));
}

} // namespace
} // namespace pgdrydock::testing
