// Rules respect the script's context: transactions, timeouts set so far, objects created in the
// same migration, the runner, and ignore directives. Each test lints real SQL end to end.
#include <gtest/gtest.h>

#include "tests/rules/fixture.h"

namespace pgdrydock::fixture {
namespace {

CaseSettings in_transaction() {
  return {15, TransactionMode::RunnerWrapped, Layout::SingleFile};
}

TEST(ContextRules, CommitReleasesTheHeldLock) {
  std::string before_commit = "BEGIN;\nALTER TABLE users ADD COLUMN status text;\n"
                              "UPDATE users SET status = 'x';\nCOMMIT;\n";
  std::string after_commit = "BEGIN;\nALTER TABLE users ADD COLUMN status text;\nCOMMIT;\n"
                             "UPDATE users SET status = 'x';\n";
  auto held = findings_of(lint_sql(before_commit), "lock-held-across-statements");
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].severity, Severity::Error) << "a backfill under the lock is the worst case";
  EXPECT_EQ(held[0].location.line, 3);
  EXPECT_NE(held[0].message.find("public.users"), std::string::npos) << held[0].message;
  EXPECT_TRUE(findings_of(lint_sql(after_commit), "lock-held-across-statements").empty());
}

TEST(ContextRules, NonBackfillFollowUpIsAWarning) {
  auto f = findings_of(lint_sql("ALTER TABLE orders ADD COLUMN a text;\n"
                                "CREATE INDEX orders_a ON orders (a);\n",
                                in_transaction()),
                       "lock-held-across-statements");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::Warning);
}

TEST(ContextRules, LockTimeoutSilencesMissingLockTimeout) {
  std::string alter = "ALTER TABLE orders ADD COLUMN note text;\n";
  auto without = findings_of(lint_sql(alter), "missing-lock-timeout");
  ASSERT_EQ(without.size(), 1u);
  EXPECT_NE(without[0].message.find("needs an ACCESS EXCLUSIVE lock on public.orders"),
            std::string::npos)
      << without[0].message;
  EXPECT_NE(without[0].recipe.find("SET lock_timeout"), std::string::npos);
  EXPECT_TRUE(
      findings_of(lint_sql("SET lock_timeout = '2s';\n" + alter), "missing-lock-timeout").empty());
  EXPECT_TRUE(
      findings_of(lint_sql("SET lock_timeout TO 500;\n" + alter), "missing-lock-timeout").empty());
  EXPECT_EQ(findings_of(lint_sql("SET lock_timeout = 0;\n" + alter), "missing-lock-timeout").size(),
            1u);
}

TEST(ContextRules, MissingLockTimeoutRecipeUsesSetLocalInsideATransaction) {
  auto f = findings_of(lint_sql("ALTER TABLE orders ADD COLUMN note text;\n", in_transaction()),
                       "missing-lock-timeout");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].recipe.find("SET LOCAL lock_timeout"), std::string::npos) << f[0].recipe;
}

TEST(ContextRules, MissingLockTimeoutIsReportedOncePerScript) {
  auto f = findings_of(lint_sql("ALTER TABLE orders ADD COLUMN a text;\n"
                                "ALTER TABLE users ADD COLUMN b text;\n"
                                "CREATE INDEX users_b ON users (b);\n"),
                       "missing-lock-timeout");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location.line, 1);
}

TEST(ContextRules, TablesCreatedInTheMigrationAreExempt) {
  std::string sql = "CREATE TABLE fresh (id bigint, note text);\n"
                    "CREATE INDEX fresh_note ON fresh (note);\n"
                    "UPDATE fresh SET note = '';\n"
                    "REINDEX TABLE fresh;\n"
                    "DROP INDEX fresh_note;\n";
  MigrationResult r = lint_sql(sql, in_transaction());
  for (const char* rule :
       {"require-concurrent-index-creation", "unbatched-backfill", "require-concurrent-reindex",
        "require-concurrent-index-deletion", "missing-lock-timeout", "lock-held-across-statements"})
    EXPECT_TRUE(findings_of(r, rule).empty()) << rule;
  // The same statements on a table that existed before do fire.
  MigrationResult old =
      lint_sql("CREATE INDEX old_note ON old (note);\nUPDATE old SET note = '';\n");
  EXPECT_EQ(findings_of(old, "require-concurrent-index-creation").size(), 1u);
  EXPECT_EQ(findings_of(old, "unbatched-backfill").size(), 1u);
}

TEST(ContextRules, IgnoreDirectiveSilencesOnlyTheNamedRule) {
  std::string sql = "-- pgdrydock:ignore require-concurrent-index-creation tiny table\n"
                    "CREATE INDEX settings_key ON settings (key);\n";
  MigrationResult r = lint_sql(sql);
  EXPECT_TRUE(findings_of(r, "require-concurrent-index-creation").empty());
  EXPECT_EQ(findings_of(r, "missing-lock-timeout").size(), 1u) << "other rules still report";

  std::string trailing = "CREATE INDEX settings_key ON settings (key); "
                         "-- pgdrydock:ignore require-concurrent-index-creation\n";
  EXPECT_TRUE(findings_of(lint_sql(trailing), "require-concurrent-index-creation").empty());

  std::string other = "-- pgdrydock:ignore unbatched-backfill\n"
                      "CREATE INDEX settings_key ON settings (key);\n";
  EXPECT_EQ(findings_of(lint_sql(other), "require-concurrent-index-creation").size(), 1u);
}

TEST(ContextRules, ConcurrentlyInAGolangMigrateFileDependsOnItsCompany) {
  CaseSettings golang{15, TransactionMode::ImplicitMulti, Layout::GolangMigrate};
  std::string alone = "CREATE INDEX CONCURRENTLY orders_a ON orders (a);\n";
  EXPECT_TRUE(findings_of(lint_sql(alone, golang), "concurrent-index-in-transaction").empty());
  auto f = findings_of(lint_sql("SET lock_timeout = '2s';\n" + alone, golang),
                       "concurrent-index-in-transaction");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("cannot run inside a transaction block"), std::string::npos);
  EXPECT_NE(f[0].recipe.find("alone"), std::string::npos) << f[0].recipe;
}

TEST(ContextRules, ReindexRecipeFollowsThePostgresVersion) {
  std::string sql = "REINDEX INDEX orders_a;\n";
  auto modern = findings_of(lint_sql(sql), "require-concurrent-reindex");
  ASSERT_EQ(modern.size(), 1u);
  EXPECT_NE(modern[0].recipe.find("REINDEX INDEX CONCURRENTLY public.orders_a"), std::string::npos)
      << modern[0].recipe;
  auto old = findings_of(lint_sql(sql, {11, TransactionMode::Autocommit, Layout::SingleFile}),
                         "require-concurrent-reindex");
  ASSERT_EQ(old.size(), 1u);
  EXPECT_EQ(old[0].recipe.find("REINDEX INDEX CONCURRENTLY"), std::string::npos) << old[0].recipe;
  EXPECT_NE(old[0].recipe.find("RENAME TO orders_a"), std::string::npos) << old[0].recipe;
}

TEST(ContextRules, IndexCreationRecipeKeepsTheUsersDefinition) {
  auto f = findings_of(lint_sql("CREATE UNIQUE INDEX users_email ON users (lower(email));\n"),
                       "require-concurrent-index-creation");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].recipe.find("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email ON users "
                             "(lower(email));"),
            std::string::npos)
      << f[0].recipe;
  EXPECT_NE(f[0].message.find("blocks writes"), std::string::npos) << f[0].message;
}

TEST(ContextRules, BackfillRecipeBatchesTheUsersCondition) {
  auto f = findings_of(lint_sql("UPDATE users SET status = 'active' WHERE status IS NULL;\n"),
                       "unbatched-backfill");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].recipe.find("UPDATE users SET status = 'active' WHERE id >= 0 AND id < 10000 AND "
                             "(status IS NULL);"),
            std::string::npos)
      << f[0].recipe;
}

TEST(ContextRules, IrreversibleMigrationOnlyWhereTheLayoutHasDowns) {
  std::string up = "ALTER TABLE orders ADD COLUMN note text;\n";
  CaseSettings golang{15, TransactionMode::ImplicitMulti, Layout::GolangMigrate};
  auto missing = findings_of(lint_sql(up, golang), "irreversible-migration");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].severity, Severity::Info);
  EXPECT_EQ(missing[0].location.file, "up.sql");
  EXPECT_TRUE(findings_of(lint_sql(up, golang, std::string("ALTER TABLE orders DROP COLUMN note;")),
                          "irreversible-migration")
                  .empty());
  EXPECT_TRUE(findings_of(lint_sql(up), "irreversible-migration").empty()) << "plain file";
}

} // namespace
} // namespace pgdrydock::fixture
