// golang-migrate matches `^([0-9]+)_(.*)\.(down|up)\.(.*)$` case-sensitively and skips every
// other file without a word: a near-miss name beside valid ones is listed as skipped with the
// reason, not linted as if it would run (issue 14).
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "lint/migration.h"
#include "lint/sources/read_source.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock {
namespace {

using testing::TempFolder;

bool skipped_because(const MigrationSet& set, const std::string& file, const std::string& why) {
  return std::any_of(set.skipped.begin(), set.skipped.end(), [&](const SkippedFile& s) {
    return s.path.ends_with(file) && s.reason.find(why) != std::string::npos;
  });
}

// Each near miss beside a valid migration: the valid one is read, the near miss skipped.
TEST(NearMissNames, GolangMigrateNearMissesAreSkippedWithTheReason) {
  const std::vector<std::pair<std::string, std::string>> near_misses = {
      {"2-b.up.sql", "`_` must follow the version"},
      {"2_b.UP.sql", "`up` in lower case"},
      {"2_b.Down.sql", "`down` in lower case"},
  };
  for (const auto& [name, why] : near_misses) {
    TempFolder t;
    t.write("m/1_a.up.sql", "SELECT 1;\n");
    t.write("m/1_a.down.sql", "SELECT 1;\n");
    t.write("m/" + name, "SELECT 2;\n");
    MigrationSet set = load_migrations({t.str() + "/m"}, {});
    EXPECT_EQ(set.migrations.size(), 1u) << name;
    EXPECT_TRUE(skipped_because(set, name, why)) << name;
  }
}

// golang-migrate does read `1_x.up.SQL` (its pattern takes any extension): linted, not skipped.
TEST(NearMissNames, GolangMigrateUpperCaseExtensionIsReadAsTheRunnerDoes) {
  TempFolder t;
  t.write("m/1_a.up.sql", "SELECT 1;\n");
  t.write("m/2_b.up.SQL", "SELECT 2;\n");
  MigrationSet set = load_migrations({t.str() + "/m"}, {});
  EXPECT_EQ(set.migrations.size(), 2u);
  EXPECT_TRUE(set.skipped.empty());
}

TEST(SizeLimits, MigrationOverTheLimitIsAnErrorNamingTheLimit) {
  TempFolder t;
  const std::string big = t.write("big.sql", std::string(3000, '-') + "\n");
  const std::string ok = t.write("ok.sql", "SELECT 1;\n");
  sources::set_file_size_limits({2048, 4096});
  MigrationSet set = load_migrations({big, ok}, {});
  sources::set_file_size_limits({});
  ASSERT_EQ(set.errors.size(), 1u);
  EXPECT_EQ(set.errors[0].file, big);
  EXPECT_NE(set.errors[0].message.find("limit of 2048 bytes"), std::string::npos);
  EXPECT_EQ(set.migrations.size(), 1u);
}

TEST(SizeLimits, DescribedInWholeUnits) {
  EXPECT_EQ(sources::describe_size(64u << 20), "64 MB");
  EXPECT_EQ(sources::describe_size(1u << 30), "1 GB");
  EXPECT_EQ(sources::describe_size(1000), "1000 bytes");
}

} // namespace
} // namespace pgdrydock
