// Each runner's own order and version identity, on names shaped like public histories
// (crates.io's Diesel folders, concourse's golang-migrate files, kratos's popx files, gitness's
// maragudk/migrate files, Flyway and dbmate folders).
#include <algorithm>

#include <gtest/gtest.h>

#include "lint/migration.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock {
namespace {

using testing::TempFolder;

std::vector<std::string> names(const MigrationSet& set) {
  std::vector<std::string> out;
  for (const auto& m : set.migrations)
    out.push_back(m.version + "_" + m.name);
  return out;
}

std::string errors_of(const MigrationSet& set) {
  std::string out;
  for (const auto& e : set.errors)
    out += e.file + ": " + e.message + "\n";
  return out;
}

TEST(RunnerOrder, DieselComparesTheVersionWithoutDashesAsText) {
  TempFolder t;
  for (const char* dir : {"2017-08-31-230457_y", "20140924113530_dumped_migration_1",
                          "00000000000000_diesel_initial_setup", "2026-05-27-120000_a",
                          "2026-05-27-120000-0000_b", "2026-05-26-120000-0000_c"})
    t.write(std::string(dir) + "/up.sql", "SELECT 1;\n");
  MigrationSet set = load_migrations({t.str()}, {});
  EXPECT_TRUE(set.errors.empty()) << errors_of(set); // -0000 is not a duplicate of the shorter
  EXPECT_EQ(names(set), (std::vector<std::string>{
                            "00000000000000_diesel_initial_setup",
                            "20140924113530_dumped_migration_1", "2017-08-31-230457_y",
                            "2026-05-26-120000-0000_c", "2026-05-27-120000_a",
                            "2026-05-27-120000-0000_b"}));
  EXPECT_EQ(set.migrations[0].runner, "diesel");
}

TEST(RunnerOrder, DieselRealDuplicateNamesBothFolders) {
  TempFolder t;
  t.write("2017-08-31-230457_a/up.sql", "SELECT 1;\n");
  t.write("20170831230457_b/up.sql", "SELECT 2;\n");
  MigrationSet set = load_migrations({t.str()}, {});
  ASSERT_EQ(set.errors.size(), 1u) << errors_of(set);
  EXPECT_NE(set.errors[0].message.find("duplicate version"), std::string::npos);
  const bool both = set.errors[0].message.find("_a/up.sql") != std::string::npos ||
                    set.errors[0].file.find("_a/up.sql") != std::string::npos;
  EXPECT_TRUE(both) << errors_of(set);
}

TEST(RunnerOrder, SqlxFoldersAreNumeric) {
  TempFolder t;
  for (const char* dir : {"10_c", "2_b", "1_a"})
    t.write(std::string(dir) + "/up.sql", "SELECT 1;\n");
  MigrationSet set = load_migrations({t.str()}, {});
  EXPECT_TRUE(set.errors.empty()) << errors_of(set);
  EXPECT_EQ(names(set), (std::vector<std::string>{"1_a", "2_b", "10_c"}));
  EXPECT_EQ(set.migrations[0].runner, "sqlx");
}

TEST(RunnerOrder, GolangMigratePairsByVersionAndOrdersNumerically) {
  TempFolder t;
  t.write("1554469235_add_x.up.sql", "ALTER TABLE t ADD COLUMN x int;\n");
  t.write("1554469235_add_x_to_y.down.sql", "ALTER TABLE t DROP COLUMN x;\n");
  t.write("10_b.up.sql", "SELECT 1;\n");
  t.write("9_a.up.sql", "SELECT 1;\n");
  MigrationSet set = load_migrations({t.str()}, {});
  EXPECT_TRUE(set.errors.empty()) << errors_of(set);
  EXPECT_TRUE(set.skipped.empty());
  EXPECT_EQ(names(set), (std::vector<std::string>{"9_a", "10_b", "1554469235_add_x"}));
  ASSERT_TRUE(set.migrations[2].down.has_value());
  EXPECT_TRUE(set.migrations[2].down->file->path().ends_with("1554469235_add_x_to_y.down.sql"));
  EXPECT_EQ(set.migrations[2].runner, "golang-migrate");
}

TEST(RunnerOrder, PopxPrefersPostgresFilesAndReadsAutocommit) {
  TempFolder t;
  const std::string v1 = "20150100000001000000_networks";
  for (const char* d : {"cockroach", "mysql", "sqlite3", "postgres"}) {
    t.write(v1 + "." + d + ".up.sql", "SELECT 1;\n");
    t.write(v1 + "." + d + ".down.sql", "SELECT 1;\n");
  }
  const std::string v2 = "20230920171028000000_identity_search_index";
  t.write(v2 + ".up.sql", "SELECT 'generic';\n");
  t.write(v2 + ".down.sql", "SELECT 'generic';\n");
  t.write(v2 + ".postgres.up.sql", "SELECT 'postgres';\n");
  t.write(v2 + ".postgres.down.sql", "SELECT 'postgres';\n");
  const std::string v3 = "20241029153900000001_identities";
  t.write(v3 + ".autocommit.up.sql", "CREATE INDEX CONCURRENTLY i ON t (a);\n");
  t.write(v3 + ".autocommit.down.sql", "DROP INDEX CONCURRENTLY i;\n");
  t.write(v3 + ".mysql.autocommit.up.sql", "SELECT 1;\n");
  MigrationSet set = load_migrations({t.str()}, {});
  EXPECT_TRUE(set.errors.empty()) << errors_of(set);
  ASSERT_EQ(names(set), (std::vector<std::string>{"20150100000001000000_networks",
                                                  "20230920171028000000_identity_search_index",
                                                  "20241029153900000001_identities"}));
  for (const Migration& m : set.migrations)
    EXPECT_EQ(m.runner, "popx");
  EXPECT_TRUE(set.migrations[0].up.file->path().ends_with(".postgres.up.sql"));
  EXPECT_TRUE(set.migrations[1].up.file->path().ends_with(v2 + ".postgres.up.sql"));
  ASSERT_TRUE(set.migrations[1].down.has_value());
  EXPECT_TRUE(set.migrations[1].down->file->path().ends_with(v2 + ".postgres.down.sql"));
  EXPECT_EQ(set.migrations[1].up.mode, TransactionMode::RunnerWrapped);
  EXPECT_EQ(set.migrations[2].up.mode, TransactionMode::ImplicitMulti);
  EXPECT_NE(set.migrations[2].up.mode_reason.find("autocommit"), std::string::npos);
  // Other dialects are never linted as PostgreSQL, autocommit ones included.
  EXPECT_EQ(std::count_if(set.skipped.begin(), set.skipped.end(),
                          [](const SkippedFile& s) {
                            return s.path.find(".mysql.autocommit.") != std::string::npos;
                          }),
            1);
}

TEST(RunnerOrder, MaragudkStemsShareNumericPrefixes) {
  TempFolder t;
  t.write("0001_create_table_b_spaces.up.sql", "SELECT 1;\n");
  t.write("0001_create_table_a_principals.up.sql", "SELECT 1;\n");
  t.write("0000_create_extension_citext.up.sql", "SELECT 1;\n");
  t.write("0021_alter_table_webhook_add_internal_up.sql", "SELECT 1;\n");
  t.write("0021_alter_table_webhook_add_internal_down.sql", "SELECT 2;\n");
  MigrationSet set = load_migrations({t.str()}, {});
  EXPECT_TRUE(set.errors.empty()) << errors_of(set);
  EXPECT_TRUE(set.warnings.empty());
  EXPECT_EQ(names(set), (std::vector<std::string>{"0000_create_extension_citext",
                                                  "0001_create_table_a_principals",
                                                  "0001_create_table_b_spaces",
                                                  "0021_alter_table_webhook_add_internal"}));
  EXPECT_EQ(set.migrations[0].runner, "maragudk/migrate");
  ASSERT_TRUE(set.migrations[3].down.has_value());
  EXPECT_TRUE(set.migrations[3].down->file->path().ends_with("_internal_down.sql"));
}

TEST(RunnerOrder, DbmateComparesVersionsAsText) {
  TempFolder t;
  t.write("9_a.sql", "-- migrate:up\nSELECT 1;\n");
  t.write("10_b.sql", "-- migrate:up\nSELECT 1;\n");
  t.write("20240101000000_c.sql", "-- migrate:up\nSELECT 1;\n");
  MigrationSet set = load_migrations({t.str()}, {});
  EXPECT_TRUE(set.errors.empty()) << errors_of(set);
  EXPECT_EQ(names(set), (std::vector<std::string>{"10_b", "20240101000000_c", "9_a"}));
}

TEST(RunnerOrder, FlywayComparesVersionPartsAsNumbers) {
  TempFolder t;
  t.write("V1.10__c.sql", "SELECT 1;\n");
  t.write("V1.9__b.sql", "SELECT 1;\n");
  t.write("V1__a.sql", "SELECT 1;\n");
  t.write("R__views.sql", "SELECT 1;\n");
  MigrationSet set = load_migrations({t.str()}, {});
  EXPECT_TRUE(set.errors.empty()) << errors_of(set);
  EXPECT_EQ(names(set), (std::vector<std::string>{"1_a", "1.9_b", "1.10_c", "R__views_views"}));
}

TEST(RunnerOrder, LoneDownFileIsLintedAsADownScript) {
  TempFolder t;
  std::string down = t.write("2024-01-01-000000_x/down.sql", "DROP TABLE t;\n");
  std::string golang_down = t.write("g/3_x.down.sql", "DROP TABLE u;\n");
  for (const std::string& file : {down, golang_down}) {
    MigrationSet set = load_migrations({file}, {});
    ASSERT_EQ(set.migrations.size(), 1u) << file;
    const Migration& m = set.migrations[0];
    ASSERT_TRUE(m.down.has_value()) << file;
    EXPECT_EQ(m.down->text().substr(0, 10), "DROP TABLE");
    EXPECT_TRUE(m.up.text().empty());
  }
}

} // namespace
} // namespace pgdrydock
