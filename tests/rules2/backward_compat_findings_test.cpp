// What the backward-compatibility and transaction rules of issue 22 say, beyond the verdicts the
// fixtures check (rules/fixtures/*.sql): TRUNCATE ... CASCADE names the tables it reaches from
// the catalog replayed from earlier migrations, the transaction rules name the lines they
// refer to, and changing-column-type names the readers of the old type.
#include <gtest/gtest.h>

#include "lint/lint_driver.h"
#include "tests/rules2/lint_sql.h"

namespace pgdrydock::testing_rules2 {
namespace {

// A history of plain psql migrations, one SQL text each; the findings of `rule` in the last.
// `change`: the indexes given as one change (`lint --changed`); empty: lint only the last.
std::vector<Finding> lint_last(const std::vector<std::string>& scripts, std::string_view rule,
                               std::vector<std::size_t> change = {}) {
  MigrationSet set;
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    Migration m;
    m.version = std::to_string(i + 1);
    m.name = "m" + m.version;
    m.runner = "psql";
    auto file = std::make_shared<const SourceFile>(m.name + ".sql", scripts[i]);
    m.up = Script{file, 0, file->content().size(), TransactionMode::Autocommit, "test"};
    set.migrations.push_back(std::move(m));
  }
  LintOptions lo;
  lo.threads = 1;
  lo.first_linted = scripts.size() - 1;
  lo.linted = std::move(change);
  LintResult result = lint_migrations(set, lo);
  std::vector<Finding> out;
  for (const MigrationResult& m : result.migrations)
    if (m.version == std::to_string(scripts.size()))
      for (const ScriptResult& s : m.scripts)
        for (const StatementResult& st : s.statements)
          for (const Finding& f : st.findings)
            if (f.rule_id == rule)
              out.push_back(f);
  return out;
}

const char* kSchema = "CREATE TABLE customers (id bigint PRIMARY KEY);\n"
                      "CREATE TABLE orders (id bigint PRIMARY KEY,\n"
                      "  customer_id bigint REFERENCES customers (id));\n"
                      "CREATE TABLE order_lines (order_id bigint REFERENCES orders (id));\n"
                      "CREATE TABLE notes (body text);\n";

TEST(TruncatingTable, CascadeNamesEveryTableItReachesTransitively) {
  auto fs = lint_last({kSchema, "TRUNCATE customers CASCADE;"}, "truncating-table");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].severity, Severity::Error);
  EXPECT_TRUE(contains(fs[0].message, "CASCADE also empties order_lines, orders"));
  EXPECT_FALSE(contains(fs[0].message, "notes"));
}

TEST(TruncatingTable, CascadeOnAnUnreferencedTableSaysSo) {
  auto fs = lint_last({kSchema, "TRUNCATE notes CASCADE;"}, "truncating-table");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_TRUE(contains(fs[0].message, "CASCADE reaches no other table"));
}

TEST(TruncatingTable, WithoutTheCatalogCascadeIsDescribed) {
  auto fs = lint_sql("TRUNCATE customers CASCADE;", "truncating-table");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_TRUE(contains(fs[0].message, "every table that references it"));
}

TEST(DroppingTable, ATableCreatedInAnEarlierMigrationIsReported) {
  auto fs = lint_last({kSchema, "DROP TABLE notes;"}, "dropping-table");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_TRUE(contains(fs[0].message, "\"notes\""));
  EXPECT_TRUE(contains(fs[0].recipe, "DROP TABLE notes;"));
}

// What is new is empty across the migrations of one change: a table the change created in an
// earlier migration is not deployed yet, so dropping its column or renaming it breaks nothing.
TEST(WhatIsNewIsEmpty, ATableCreatedEarlierInTheSameChangeIsNew) {
  std::vector<std::string> history = {kSchema, "CREATE TABLE drafts (id int, body text);",
                                      "ALTER TABLE drafts DROP COLUMN body;\n"
                                      "ALTER TABLE orders DROP COLUMN customer_id;\n"
                                      "ALTER TABLE drafts RENAME TO drafts_v2;"};
  auto in_change = lint_last(history, "dropping-column", {1, 2});
  ASSERT_EQ(in_change.size(), 1u); // orders was deployed before the change; drafts was not
  EXPECT_TRUE(contains(in_change[0].message, "\"orders\""));
  auto deployed = lint_last(history, "dropping-column", {2});
  EXPECT_EQ(deployed.size(), 2u); // drafts' migration is not part of the change: deployed
  EXPECT_TRUE(lint_last(history, "renaming-table", {1, 2}).empty());
  EXPECT_EQ(lint_last(history, "renaming-table", {2}).size(), 1u);
}

TEST(UncommittedTransaction, NamesTheLineOfTheBegin) {
  auto fs = lint_sql("SELECT 1;\nBEGIN;\nALTER TABLE orders ADD COLUMN note text;\n"
                     "ALTER TABLE orders ADD COLUMN other text;",
                     "uncommitted-transaction");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].location.line, 4);
  EXPECT_TRUE(contains(fs[0].message, "BEGIN at line 2"));
}

TEST(AddingEnumValueInTransaction, TheUseNamesTheLineOfTheAddValue) {
  auto fs = lint_sql("ALTER TYPE order_status ADD VALUE 'refunded';\n\n"
                     "UPDATE orders SET status = 'refunded';",
                     "adding-enum-value-in-transaction",
                     {.pg_version = 16, .mode = TransactionMode::RunnerWrapped});
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].location.line, 3);
  EXPECT_TRUE(contains(fs[0].message, "'refunded', added to enum type order_status at line 1"));
  EXPECT_TRUE(contains(fs[0].message, "unsafe use of new value"));
}

TEST(TransactionNesting, TheRecipeIsTheRunnersWayOut) {
  auto fs =
      lint_sql("BEGIN;\nCOMMIT;", "transaction-nesting", {.mode = TransactionMode::RunnerWrapped});
  ASSERT_EQ(fs.size(), 2u);
  EXPECT_TRUE(contains(fs[0].message, "BEGIN does nothing but warn"));
  EXPECT_TRUE(contains(fs[1].message, "this COMMIT ends it early"));
  EXPECT_TRUE(contains(fs[1].recipe, "Remove BEGIN/COMMIT/ROLLBACK"));
}

TEST(ChangingColumnType, NamesTheReadersOfTheOldType) {
  auto known =
      lint_last({"CREATE TABLE orders (id int);", "ALTER TABLE orders ALTER id TYPE text;"},
                "changing-column-type");
  ASSERT_EQ(known.size(), 1u);
  EXPECT_TRUE(contains(known[0].message, "reads and writes \"id\" as int4"));
  auto unknown = lint_sql("ALTER TABLE orders ALTER id TYPE bigint;", "changing-column-type");
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_TRUE(contains(unknown[0].message, "reads and writes \"id\" as its old type"));
}

} // namespace
} // namespace pgdrydock::testing_rules2
