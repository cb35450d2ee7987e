// Each layout is detected, ordered in natural version order (2 before 10) and given the
// transaction mode its runner really uses.
#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "lint/migration.h"

namespace pgdrydock {
namespace {

std::string fixture(const std::string& name) {
  return std::string(PGDRYDOCK_SOURCE_DIR) + "/tests/fixtures/layouts/" + name;
}

std::vector<std::string> versions(const MigrationSet& set) {
  std::vector<std::string> out;
  for (const auto& m : set.migrations)
    out.push_back(m.version);
  return out;
}

bool has_skipped(const MigrationSet& set, const std::string& file_suffix,
                 const std::string& reason_part) {
  return std::any_of(set.skipped.begin(), set.skipped.end(), [&](const SkippedFile& s) {
    return s.path.ends_with(file_suffix) && s.reason.find(reason_part) != std::string::npos;
  });
}

TEST(Layouts, PlainFolderRunsEachFileAsPsqlWould) {
  MigrationSet set = load_migrations({fixture("plain")}, {});
  ASSERT_TRUE(set.errors.empty());
  EXPECT_EQ(versions(set), (std::vector<std::string>{"1_accounts", "2_email", "10_email_index"}));
  for (const auto& m : set.migrations) {
    EXPECT_EQ(m.layout, Layout::PlainFolder);
    EXPECT_EQ(m.runner, "psql");
    EXPECT_EQ(m.up.mode, TransactionMode::Autocommit);
    EXPECT_FALSE(m.up.mode_reason.empty());
    EXPECT_FALSE(m.down.has_value());
  }
  EXPECT_EQ(set.migrations[1].name, "email");
  EXPECT_EQ(set.migrations[1].up.text(), "ALTER TABLE accounts ADD COLUMN email text;\n");
}

TEST(Layouts, AssumeInTransactionWrapsPlainFiles) {
  LoadOptions options;
  options.assume_in_transaction = true;
  MigrationSet set = load_migrations({fixture("plain")}, options);
  ASSERT_EQ(set.migrations.size(), 3u);
  for (const auto& m : set.migrations)
    EXPECT_EQ(m.up.mode, TransactionMode::RunnerWrapped);
}

TEST(Layouts, GolangMigratePairsUpAndDownInVersionOrder) {
  MigrationSet set = load_migrations({fixture("golang")}, {});
  ASSERT_TRUE(set.errors.empty());
  EXPECT_EQ(versions(set), (std::vector<std::string>{"1", "2", "10"}));
  const Migration& first = set.migrations[0];
  EXPECT_EQ(first.layout, Layout::GolangMigrate);
  EXPECT_EQ(first.runner, "golang-migrate");
  EXPECT_EQ(first.name, "create_users");
  EXPECT_EQ(first.up.mode, TransactionMode::ImplicitMulti);
  EXPECT_NE(first.up.mode_reason.find("one implicit transaction"), std::string::npos);
  ASSERT_TRUE(first.down.has_value());
  EXPECT_TRUE(first.down->file->path().ends_with("1_create_users.down.sql"));
  EXPECT_EQ(first.down->mode, TransactionMode::ImplicitMulti);
  // An up file without its down is linted; it simply has no downgrade.
  EXPECT_FALSE(set.migrations[1].down.has_value());
  EXPECT_TRUE(set.migrations[2].down.has_value());
  EXPECT_TRUE(has_skipped(set, "11_backfill.up.go", "Go migration"));
}

TEST(Layouts, MultiDialectFolderTakesPostgresFilesOnly) {
  MigrationSet set = load_migrations({fixture("multi_dialect")}, {});
  ASSERT_TRUE(set.errors.empty());
  ASSERT_EQ(versions(set), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(set.migrations[0].name, "events");
  EXPECT_TRUE(set.migrations[0].up.file->path().ends_with("1_events.postgres.up.sql"));
  ASSERT_TRUE(set.migrations[0].down.has_value());
  EXPECT_TRUE(set.migrations[0].down->file->path().ends_with("1_events.postgres.down.sql"));
  EXPECT_EQ(set.skipped.size(), 3u);
  EXPECT_TRUE(has_skipped(set, "1_events.mysql.up.sql", "mysql dialect"));
  EXPECT_TRUE(has_skipped(set, "1_events.mysql.down.sql", "mysql dialect"));
  EXPECT_TRUE(has_skipped(set, "1_events.sqlite3.up.sql", "sqlite3 dialect"));
}

TEST(Layouts, DieselFoldersHonourMetadataToml) {
  MigrationSet set = load_migrations({fixture("diesel")}, {});
  ASSERT_TRUE(set.errors.empty());
  ASSERT_EQ(versions(set), (std::vector<std::string>{"2019-01-01-000000", "2019-01-02-000000"}));
  const Migration& create = set.migrations[0];
  EXPECT_EQ(create.layout, Layout::FolderPerMigration);
  EXPECT_EQ(create.runner, "diesel");
  EXPECT_EQ(create.name, "create_users");
  EXPECT_EQ(create.up.mode, TransactionMode::RunnerWrapped);
  ASSERT_TRUE(create.down.has_value());
  EXPECT_EQ(create.down->mode, TransactionMode::RunnerWrapped);
  const Migration& index = set.migrations[1];
  // Opted out, Diesel still sends the file as one query: one implicit transaction.
  EXPECT_EQ(index.up.mode, TransactionMode::ImplicitMulti);
  EXPECT_NE(index.up.mode_reason.find("run_in_transaction = false"), std::string::npos);
  ASSERT_TRUE(index.down.has_value());
  EXPECT_EQ(index.down->mode, TransactionMode::ImplicitMulti);
}

TEST(Layouts, SqlxFoldersOptOutWithNoTransactionComment) {
  MigrationSet set = load_migrations({fixture("sqlx")}, {});
  ASSERT_TRUE(set.errors.empty());
  ASSERT_EQ(versions(set), (std::vector<std::string>{"1", "2", "10"}));
  EXPECT_EQ(set.migrations[0].runner, "sqlx");
  EXPECT_EQ(set.migrations[0].up.mode, TransactionMode::RunnerWrapped);
  EXPECT_FALSE(set.migrations[0].down.has_value());
  EXPECT_TRUE(set.migrations[1].down.has_value());
  EXPECT_EQ(set.migrations[2].up.mode, TransactionMode::ImplicitMulti);
  EXPECT_NE(set.migrations[2].up.mode_reason.find("-- no-transaction"), std::string::npos);
}

TEST(Layouts, DbmateSectionsAreRangesOfOneFile) {
  MigrationSet set = load_migrations({fixture("dbmate")}, {});
  ASSERT_TRUE(set.errors.empty());
  ASSERT_EQ(versions(set),
            (std::vector<std::string>{"20240101000000", "20240102000000", "20240103000000"}));
  const Migration& create = set.migrations[0];
  EXPECT_EQ(create.layout, Layout::Dbmate);
  EXPECT_EQ(create.runner, "dbmate");
  EXPECT_EQ(create.name, "create_projects");
  EXPECT_EQ(create.up.text(), "CREATE TABLE projects (id bigint PRIMARY KEY, name text);\n\n");
  ASSERT_TRUE(create.down.has_value());
  EXPECT_EQ(create.down->text(), "DROP TABLE projects;\n");
  EXPECT_EQ(create.down->file, create.up.file); // one file, two ranges
  EXPECT_EQ(create.down->file->position(create.down->begin).line, 5);
  EXPECT_EQ(create.up.mode, TransactionMode::RunnerWrapped);

  const Migration& index = set.migrations[1];
  EXPECT_EQ(index.up.mode, TransactionMode::ImplicitMulti);
  EXPECT_NE(index.up.mode_reason.find("transaction:false"), std::string::npos);
  ASSERT_TRUE(index.down.has_value());
  EXPECT_EQ(index.down->mode, TransactionMode::ImplicitMulti);
  EXPECT_FALSE(set.migrations[2].down.has_value());
}

TEST(Layouts, FlywayVersionsUndoScriptsAndConcurrently) {
  MigrationSet set = load_migrations({fixture("flyway")}, {});
  ASSERT_TRUE(set.errors.empty());
  ASSERT_EQ(versions(set),
            (std::vector<std::string>{"1", "1.1", "2", "3", "10", "R__order_totals"}));
  const Migration& v1 = set.migrations[0];
  EXPECT_EQ(v1.layout, Layout::Flyway);
  EXPECT_EQ(v1.runner, "flyway");
  EXPECT_EQ(v1.up.mode, TransactionMode::RunnerWrapped);
  ASSERT_TRUE(v1.down.has_value());
  EXPECT_TRUE(v1.down->file->path().ends_with("U1__create_orders.sql"));
  EXPECT_FALSE(set.migrations[1].down.has_value());
  // CONCURRENTLY cannot run in a transaction: Flyway runs that script without one.
  EXPECT_EQ(set.migrations[2].up.mode, TransactionMode::Autocommit);
  EXPECT_NE(set.migrations[2].up.mode_reason.find("CONCURRENTLY"), std::string::npos);
  EXPECT_EQ(set.migrations[3].up.mode, TransactionMode::Autocommit); // V3__shipped.sql.conf
  EXPECT_NE(set.migrations[3].up.mode_reason.find("executeInTransaction"), std::string::npos);
  // The word in a comment does not count.
  EXPECT_EQ(set.migrations[4].up.mode, TransactionMode::RunnerWrapped);
  EXPECT_TRUE(has_skipped(set, "V4__java_migration.java", "Java migration"));
}

TEST(Layouts, LayoutOverrideReadsFolderAsAsked) {
  LoadOptions options;
  options.layout = Layout::PlainFolder;
  MigrationSet set = load_migrations({fixture("golang")}, options);
  ASSERT_TRUE(set.errors.empty());
  ASSERT_EQ(set.migrations.size(), 5u); // every .sql file is a migration of its own
  for (const auto& m : set.migrations)
    EXPECT_EQ(m.up.mode, TransactionMode::Autocommit);
}

TEST(Layouts, SeveralPathsKeepTheirOrder) {
  MigrationSet set = load_migrations({fixture("dbmate"), fixture("golang")}, {});
  ASSERT_EQ(set.migrations.size(), 6u);
  EXPECT_EQ(set.migrations.front().layout, Layout::Dbmate);
  EXPECT_EQ(set.migrations.back().layout, Layout::GolangMigrate);
}

TEST(Layouts, NamedUpFileKeepsItsRunnerSemantics) {
  MigrationSet set = load_migrations({fixture("golang/2_add_email_index.up.sql")}, {});
  ASSERT_TRUE(set.errors.empty());
  ASSERT_EQ(set.migrations.size(), 1u);
  EXPECT_EQ(set.migrations[0].version, "2");
  EXPECT_EQ(set.migrations[0].up.mode, TransactionMode::ImplicitMulti);

  set = load_migrations({fixture("diesel/2019-01-02-000000_add_email_index/up.sql")}, {});
  ASSERT_EQ(set.migrations.size(), 1u);
  EXPECT_EQ(set.migrations[0].runner, "diesel");
  EXPECT_EQ(set.migrations[0].up.mode, TransactionMode::ImplicitMulti);

  set = load_migrations({fixture("dbmate/20240101000000_create_projects.sql")}, {});
  ASSERT_EQ(set.migrations.size(), 1u);
  EXPECT_EQ(set.migrations[0].layout, Layout::Dbmate);
  EXPECT_TRUE(set.migrations[0].down.has_value());
}

} // namespace
} // namespace pgdrydock
