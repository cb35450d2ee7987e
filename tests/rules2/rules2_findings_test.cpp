// What the findings of the rules2 rules say: messages name the table, the column and what is
// blocked; recipes follow the PostgreSQL version; severities follow each rule's doc.
// Which statements are flagged at all is covered by rules/fixtures/*.sql (tests/rules).
#include <gtest/gtest.h>

#include "tests/rules2/lint_sql.h"

namespace pgdrydock::testing_rules2 {
namespace {

TEST(AddingRequiredColumn, NamesTableAndColumnAndGivesTheBackfillRecipe) {
  auto fs = lint_sql("ALTER TABLE billing.orders ADD COLUMN customer_id bigint NOT NULL;",
                     "adding-required-column");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].severity, Severity::Error);
  EXPECT_TRUE(contains(fs[0].message, "\"customer_id\""));
  EXPECT_TRUE(contains(fs[0].message, "\"billing.orders\""));
  EXPECT_TRUE(contains(fs[0].recipe, "ADD COLUMN customer_id bigint;"));
  EXPECT_TRUE(contains(fs[0].recipe, "free from PostgreSQL 11"));
  auto old = lint_sql("ALTER TABLE orders ADD COLUMN c int NOT NULL;", "adding-required-column",
                      {.pg_version = 10});
  ASSERT_EQ(old.size(), 1u);
  EXPECT_TRUE(contains(old[0].recipe, "rewrites the table before PostgreSQL 11"));
}

TEST(AddingRequiredColumn, LocationIsTheStatement) {
  auto fs = lint_sql("SELECT 1;\n\n  ALTER TABLE orders ADD COLUMN c int NOT NULL;",
                     "adding-required-column");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].location.line, 3);
  EXPECT_EQ(fs[0].location.column, 3);
}

TEST(SettingNotNull, MessageNamesTheLockAndRecipeFollowsVersion) {
  const std::string sql = "ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;";
  auto fs = lint_sql(sql, "setting-not-null");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_TRUE(contains(fs[0].message, "\"customer_id\""));
  EXPECT_TRUE(contains(fs[0].message, "\"orders\""));
  EXPECT_TRUE(contains(fs[0].message, "ACCESS EXCLUSIVE"));
  EXPECT_TRUE(contains(fs[0].message, "blocks reads and writes"));
  EXPECT_TRUE(contains(fs[0].recipe, "CHECK (customer_id IS NOT NULL) NOT VALID"));
  EXPECT_TRUE(contains(fs[0].recipe, "VALIDATE CONSTRAINT orders_customer_id_not_null"));
  EXPECT_TRUE(contains(fs[0].recipe, "DROP CONSTRAINT orders_customer_id_not_null"));

  auto old = lint_sql(sql, "setting-not-null", {.pg_version = 11});
  ASSERT_EQ(old.size(), 1u);
  EXPECT_TRUE(contains(old[0].recipe, "Before PostgreSQL 12"));
  EXPECT_EQ(old[0].recipe.find("DROP CONSTRAINT"), std::string::npos);
}

TEST(SettingNotNull, ValidatedCheckOnOldServerIsExplained) {
  auto fs = lint_sql("ALTER TABLE orders ADD CONSTRAINT c CHECK (x IS NOT NULL);\n"
                     "ALTER TABLE orders ALTER COLUMN x SET NOT NULL;",
                     "setting-not-null", {.pg_version = 11});
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_TRUE(contains(fs[0].message, "only lets PostgreSQL 12+ skip the scan"));
}

TEST(SettingNotNull, CheckInAnotherSchemaDoesNotCount) {
  auto fs = lint_sql("ALTER TABLE audit.orders ADD CONSTRAINT c CHECK (x IS NOT NULL);\n"
                     "ALTER TABLE orders ALTER COLUMN x SET NOT NULL;",
                     "setting-not-null");
  EXPECT_EQ(fs.size(), 1u);
}

TEST(SettingNotNull, UnnamedNotValidCheckValidatedByItsDefaultName) {
  auto fs = lint_sql("ALTER TABLE orders ADD CHECK (x IS NOT NULL) NOT VALID;\n"
                     "ALTER TABLE orders VALIDATE CONSTRAINT orders_x_check;\n"
                     "ALTER TABLE orders ALTER COLUMN x SET NOT NULL;",
                     "setting-not-null");
  EXPECT_TRUE(fs.empty());
}

TEST(TableRewrite, MessageNamesTheCauseAndTheLock) {
  auto fs = lint_sql("ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();",
                     "table-rewrite");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].severity, Severity::Error);
  EXPECT_TRUE(contains(fs[0].message, "\"token\""));
  EXPECT_TRUE(contains(fs[0].message, "gen_random_uuid()"));
  EXPECT_TRUE(contains(fs[0].message, "rewrites \"orders\" and its indexes"));
  EXPECT_TRUE(contains(fs[0].message, "ACCESS EXCLUSIVE"));
  EXPECT_TRUE(contains(fs[0].recipe, "SET DEFAULT"));
}

TEST(TableRewrite, SerialRecipeUsesTheMatchingIntegerType) {
  auto fs = lint_sql("ALTER TABLE orders ADD COLUMN n bigserial;", "table-rewrite");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_TRUE(contains(fs[0].recipe, "ADD COLUMN n bigint;"));
  EXPECT_TRUE(contains(fs[0].recipe, "CREATE SEQUENCE"));
}

TEST(TableRewrite, OldServerDefaultSaysWhyAndSinceWhen) {
  auto fs = lint_sql("ALTER TABLE orders ADD COLUMN s text DEFAULT 'x';", "table-rewrite",
                     {.pg_version = 10});
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_TRUE(contains(fs[0].message, "before PostgreSQL 11"));
  EXPECT_TRUE(contains(fs[0].message, "target is 10"));
}

TEST(TableRewrite, IndexTablespaceMoveDoesNotMentionIndexesOfAnIndex) {
  auto fs = lint_sql("ALTER INDEX orders_pkey SET TABLESPACE ssd;", "table-rewrite");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].message.find("and its indexes"), std::string::npos);
}

TEST(ChangingColumnType, RealConversionIsAnError) {
  auto fs = lint_sql("ALTER TABLE orders ALTER COLUMN id TYPE bigint;", "changing-column-type");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].severity, Severity::Error);
  EXPECT_TRUE(contains(fs[0].message, "\"id\""));
  EXPECT_TRUE(contains(fs[0].message, "\"orders\""));
  EXPECT_TRUE(contains(fs[0].message, "to bigint"));
  EXPECT_TRUE(contains(fs[0].message, "binary-coercible"));
  EXPECT_TRUE(contains(fs[0].recipe, "ADD COLUMN id_new bigint"));
}

// Issue 22 changed these: every target that some current type reaches for free (limits
// included: varchar(n) growth, numeric precision up, arrays of those) "may rewrite" and is a
// warning; USING and targets no current type reaches for free stay errors.
TEST(ChangingColumnType, TargetsSomeTypeReachesForFreeMayRewrite) {
  for (const char* type : {"text", "varchar", "character varying", "numeric", "varchar(10)",
                           "numeric(5,2)", "text[]", "timestamp(3)"}) {
    auto fs = lint_sql(std::string("ALTER TABLE orders ALTER COLUMN c TYPE ") + type + ";",
                       "changing-column-type");
    ASSERT_EQ(fs.size(), 1u) << type;
    EXPECT_EQ(fs[0].severity, Severity::Warning) << type;
    EXPECT_TRUE(contains(fs[0].message, "may rewrite")) << fs[0].message;
    EXPECT_TRUE(contains(fs[0].message, "free (catalog only) when the current type is"))
        << fs[0].message;
  }
}

TEST(ChangingColumnType, UsingOrTargetsNoTypeReachesForFreeKeepTheError) {
  for (const char* sql : {"ALTER TABLE orders ALTER COLUMN c TYPE text USING c::text;",
                          "ALTER TABLE orders ALTER COLUMN c TYPE bigint;",
                          "ALTER TABLE orders ALTER COLUMN c TYPE uuid;",
                          "ALTER TABLE orders ALTER COLUMN c TYPE char(5);"}) {
    auto fs = lint_sql(sql, "changing-column-type");
    ASSERT_EQ(fs.size(), 1u) << sql;
    EXPECT_EQ(fs[0].severity, Severity::Error) << sql;
  }
}

TEST(ConstraintMissingNotValid, ForeignKeyNamesBothTablesAndWriteBlocking) {
  auto fs = lint_sql("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) "
                     "REFERENCES crm.customers (id);",
                     "constraint-missing-not-valid");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_TRUE(contains(fs[0].message, "foreign key \"fk\""));
  EXPECT_TRUE(contains(fs[0].message, "\"orders\""));
  EXPECT_TRUE(contains(fs[0].message, "\"crm.customers\""));
  EXPECT_TRUE(contains(fs[0].message, "a SHARE ROW EXCLUSIVE lock (blocks writes)"));
  EXPECT_TRUE(
      contains(fs[0].recipe, "FOREIGN KEY (customer_id) REFERENCES crm.customers (id) NOT VALID"));
  EXPECT_TRUE(contains(fs[0].recipe, "VALIDATE CONSTRAINT fk"));
}

TEST(ConstraintMissingNotValid, NewColumnRecipeSplitsColumnAndConstraint) {
  auto fs = lint_sql("ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id);",
                     "constraint-missing-not-valid");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_TRUE(contains(fs[0].message, "new column \"coupon_id\""));
  EXPECT_TRUE(contains(fs[0].recipe, "ADD COLUMN coupon_id <type>;"));
  EXPECT_TRUE(contains(fs[0].recipe, "FOREIGN KEY (coupon_id) REFERENCES coupons"));
}

TEST(ConstraintMissingNotValid, CheckBlocksReadsToo) {
  auto fs = lint_sql("ALTER TABLE orders ADD CONSTRAINT pos CHECK (amount > 0);",
                     "constraint-missing-not-valid");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_TRUE(contains(fs[0].message, "CHECK constraint \"pos\""));
  EXPECT_TRUE(contains(fs[0].message, "an ACCESS EXCLUSIVE lock"));
  EXPECT_TRUE(contains(fs[0].recipe, "ADD CONSTRAINT pos CHECK (amount > 0) NOT VALID;"));
  EXPECT_TRUE(contains(fs[0].message, "ACCESS EXCLUSIVE"));
}

TEST(ValidateInSameTransaction, MessageNamesConstraintAndHeldLock) {
  auto fs = lint_sql("ALTER TABLE orders ADD CONSTRAINT pos CHECK (amount > 0) NOT VALID;\n"
                     "ALTER TABLE orders VALIDATE CONSTRAINT pos;",
                     "validate-in-same-transaction", {.mode = TransactionMode::RunnerWrapped});
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_TRUE(contains(fs[0].message, "\"pos\""));
  EXPECT_TRUE(contains(fs[0].message, "\"orders\""));
  EXPECT_TRUE(contains(fs[0].message, "still held until COMMIT"));
  EXPECT_TRUE(contains(fs[0].recipe, "COMMIT;"));
}

TEST(ValidateInSameTransaction, RollbackForgetsTheConstraint) {
  auto fs = lint_sql("BEGIN;\nALTER TABLE orders ADD CONSTRAINT pos CHECK (a > 0) NOT VALID;\n"
                     "ROLLBACK;\nBEGIN;\nALTER TABLE orders VALIDATE CONSTRAINT pos;\nCOMMIT;",
                     "validate-in-same-transaction");
  EXPECT_TRUE(fs.empty());
}

TEST(UniqueConstraintBuildsIndex, RecipeBuildsConcurrentlyAndAttaches) {
  auto fs = lint_sql("ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE (shop_id, code);",
                     "unique-constraint-builds-index");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_TRUE(contains(fs[0].message, "UNIQUE (shop_id, code)"));
  EXPECT_TRUE(contains(fs[0].message, "\"orders\""));
  EXPECT_TRUE(contains(fs[0].message, "ACCESS EXCLUSIVE"));
  EXPECT_TRUE(contains(fs[0].recipe, "CREATE UNIQUE INDEX CONCURRENTLY orders_code_key ON orders "
                                     "(shop_id, code)"));
  EXPECT_TRUE(contains(fs[0].recipe, "UNIQUE USING INDEX orders_code_key"));
}

TEST(UniqueConstraintBuildsIndex, PrimaryKeyRecipeWarnsAboutNotNull) {
  auto fs = lint_sql("ALTER TABLE orders ADD PRIMARY KEY (id);", "unique-constraint-builds-index");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_TRUE(contains(fs[0].recipe, "PRIMARY KEY USING INDEX"));
  EXPECT_TRUE(contains(fs[0].recipe, "NOT NULL"));
}

TEST(ExclusionConstraint, IsAWarningWithTheHonestRecipe) {
  auto fs = lint_sql("ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist "
                     "(during WITH &&);",
                     "exclusion-constraint");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].severity, Severity::Warning);
  EXPECT_TRUE(contains(fs[0].message, "\"no_overlap\""));
  EXPECT_TRUE(contains(fs[0].message, "\"bookings\""));
  EXPECT_TRUE(contains(fs[0].message, "gist index"));
  EXPECT_TRUE(contains(fs[0].recipe, "lock_timeout"));
}

TEST(Rules2, IgnoreDirectiveSilencesOneStatement) {
  auto fs = lint_sql("-- pgdrydock:ignore changing-column-type varchar widening\n"
                     "ALTER TABLE orders ALTER COLUMN c TYPE varchar(100);\n"
                     "ALTER TABLE orders ALTER COLUMN d TYPE varchar(100);",
                     "changing-column-type");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_TRUE(contains(fs[0].message, "\"d\""));
}

} // namespace
} // namespace pgdrydock::testing_rules2
