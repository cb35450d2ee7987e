// rules::NotNullChecks, the script state setting-not-null keeps: the CHECK (col IS NOT NULL)
// constraints a script added, validated and dropped, and what a ROLLBACK undoes.
#include <gtest/gtest.h>

#include "lint/context_tracker.h"
#include "lint/sql_parser.h"
#include "rules/not_null_checks.h"
#include "tests/rules2/lint_sql.h"

namespace pgdrydock {
namespace {

class NotNullCheckTracking : public ::testing::Test {
protected:
  // Shows the statement to the tracker (with the context before it), then moves the context,
  // as the lint driver does.
  void run(const std::string& sql) {
    ParseResult root = parser_.parse(sql);
    ASSERT_TRUE(root.has_value()) << root.error().message;
    Statement st;
    checks_.seen(StatementSeen{st, *root, {}, ctx_});
    advance_context(ctx_, *root, {});
  }
  void SetUp() override { begin_script(ctx_, TransactionMode::Autocommit); }

  ParseSession parser_;
  LintContext ctx_;
  rules::NotNullChecks checks_;
};

TEST_F(NotNullCheckTracking, ValidatedWhenAddedWithoutNotValid) {
  run("ALTER TABLE orders ADD CONSTRAINT c CHECK (x IS NOT NULL)");
  EXPECT_TRUE(checks_.has_validated("public.orders", "x"));
  EXPECT_FALSE(checks_.has_validated("public.orders", "y"));
  EXPECT_FALSE(checks_.has_validated("public.other", "x"));
}

TEST_F(NotNullCheckTracking, NotValidUntilValidated) {
  run("ALTER TABLE s.orders ADD CONSTRAINT c CHECK (x IS NOT NULL) NOT VALID");
  EXPECT_FALSE(checks_.has_validated("s.orders", "x"));
  run("ALTER TABLE s.orders VALIDATE CONSTRAINT c");
  EXPECT_TRUE(checks_.has_validated("s.orders", "x"));
  run("ALTER TABLE s.orders DROP CONSTRAINT c");
  EXPECT_FALSE(checks_.has_validated("s.orders", "x"));
}

TEST_F(NotNullCheckTracking, OtherChecksAreNotNotNullChecks) {
  run("ALTER TABLE orders ADD CONSTRAINT c CHECK (x IS NOT NULL AND y > 0)");
  run("ALTER TABLE orders ADD CONSTRAINT d CHECK (x IS NULL)");
  run("ALTER TABLE orders ADD CONSTRAINT e CHECK (o.x IS NOT NULL)");
  EXPECT_FALSE(checks_.has_validated("public.orders", "x"));
}

TEST_F(NotNullCheckTracking, RollbackForgetsWhatItsTransactionAdded) {
  run("ALTER TABLE orders ADD CONSTRAINT c CHECK (x IS NOT NULL)");
  run("BEGIN");
  run("ALTER TABLE orders ADD CONSTRAINT d CHECK (y IS NOT NULL)");
  EXPECT_TRUE(checks_.has_validated("public.orders", "y"));
  run("ROLLBACK");
  EXPECT_FALSE(checks_.has_validated("public.orders", "y"));
  EXPECT_TRUE(checks_.has_validated("public.orders", "x"));
}

// The driver makes the state fresh for every script: a check the up script added is not in the
// down script's state. (With the catalog the down would still know it from the replayed schema;
// without it, only a stale script state could.)
TEST(NotNullCheckState, ANewScriptStartsEmpty) {
  std::string up = "ALTER TABLE orders ADD CONSTRAINT c CHECK (x IS NOT NULL);\n"
                   "ALTER TABLE orders ALTER COLUMN x SET NOT NULL;\n";
  std::string down = "ALTER TABLE orders ALTER COLUMN x SET NOT NULL;\n";
  Migration m;
  m.version = "1";
  m.name = "unit";
  m.runner = "test";
  auto up_file = std::make_shared<const SourceFile>("up.sql", up);
  auto down_file = std::make_shared<const SourceFile>("down.sql", down);
  m.up = Script{up_file, 0, up.size(), TransactionMode::Autocommit, "unit test"};
  m.down = Script{down_file, 0, down.size(), TransactionMode::Autocommit, "unit test"};
  LintOptions lo;
  lo.threads = 1;
  lo.use_catalog = false;
  MigrationResult result = lint_migration(m, lo);
  ASSERT_EQ(result.scripts.size(), 2u);
  auto set_not_null = [](const ScriptResult& s) {
    int n = 0;
    for (const StatementResult& st : s.statements)
      for (const Finding& f : st.findings)
        n += f.rule_id == "setting-not-null";
    return n;
  };
  EXPECT_EQ(set_not_null(result.scripts[0]), 0) << "the up script proved the column first";
  EXPECT_EQ(set_not_null(result.scripts[1]), 1) << "the down script starts with no proof";
}

} // namespace
} // namespace pgdrydock
