// Other tools' suppression markers (lint/ignore_markers.h): diesel-guard's
// `-- safety-assured:start/end` blocks as crates.io writes them, and squawk's
// `-- squawk-ignore rule, rule`. They silence what they mean and nothing else.
#include <gtest/gtest.h>

#include "lint/ignore_markers.h"
#include "tests/rules2/lint_sql.h"

namespace pgdrydock::testing_rules2 {
namespace {

std::vector<int> lines_of(const std::vector<Finding>& fs) {
  std::vector<int> out;
  for (const Finding& f : fs)
    out.push_back(f.location.line);
  return out;
}

TEST(SafetyAssured, BlockSilencesTheHazardsOfItsStatementsOnly) {
  const std::string sql = "-- safety-assured:start\n"                         // 1
                          "-- The table is tiny: a plain index is fine.\n"    // 2
                          "CREATE INDEX orders_a ON orders (a);\n"            // 3
                          "alter table orders\n"                              // 4
                          "    alter column b set not null;\n"                // 5
                          "-- safety-assured:end\n"                           // 6
                          "\n"                                                // 7
                          "CREATE INDEX orders_b ON orders (b);\n"            // 8
                          "-- safety-assured:start\n"                         // 9
                          "ALTER TABLE orders ALTER COLUMN c SET NOT NULL;\n" // 10
                          "-- safety-assured:end\n"                           // 11
                          "ALTER TABLE orders ALTER COLUMN d SET NOT NULL;\n";
  EXPECT_EQ(lines_of(lint_sql(sql, "require-concurrent-index-creation")), std::vector<int>{8});
  EXPECT_EQ(lines_of(lint_sql(sql, "setting-not-null")), std::vector<int>{12});
}

TEST(SafetyAssured, AnUnclosedBlockRunsToTheEndOfTheScript) {
  const std::string sql = "CREATE INDEX orders_a ON orders (a);\n"
                          "-- safety-assured:start\n"
                          "CREATE INDEX orders_b ON orders (b);\n"
                          "CREATE INDEX orders_c ON orders (c);\n";
  EXPECT_EQ(lines_of(lint_sql(sql, "require-concurrent-index-creation")), std::vector<int>{1});
}

TEST(SafetyAssured, DoesNotSilenceAStatementPostgresRejects) {
  const std::string sql = "-- safety-assured:start\n"
                          "SELEC 1;\n"
                          "BEGIN;\n"
                          "CREATE INDEX CONCURRENTLY orders_a ON orders (a);\n"
                          "COMMIT;\n"
                          "-- safety-assured:end\n";
  EXPECT_EQ(lines_of(lint_sql(sql, "syntax-error")), std::vector<int>{2});
  EXPECT_EQ(lines_of(lint_sql(sql, "concurrent-index-in-transaction")), std::vector<int>{4});
  EXPECT_TRUE(lint_sql(sql, "require-concurrent-index-creation").empty());
}

TEST(SafetyAssured, MarkersElsewhereAreNotBlocks) {
  // A marker inside a string is no comment; a look-alike word is no marker.
  const std::string sql = "SELECT '-- safety-assured:start';\n"
                          "-- safety-assured-ish: nothing\n"
                          "CREATE INDEX orders_a ON orders (a);\n";
  EXPECT_EQ(lines_of(lint_sql(sql, "require-concurrent-index-creation")), std::vector<int>{3});
  EXPECT_TRUE(safety_assured_blocks(sql).empty());
}

TEST(SquawkIgnore, MappedRulesAreSilencedOthersAreNot) {
  const std::string sql =
      "-- squawk-ignore require-concurrent-index-creation\n"                              // 1
      "CREATE INDEX orders_a ON orders (a);\n"                                            // 2
      "-- squawk-ignore ban-drop-column, prefer-robust-stmts\n"                           // 3
      "CREATE INDEX orders_b ON orders (b);\n"                                            // 4
      "/* squawk-ignore adding-not-nullable-field,require-concurrent-index-creation */\n" // 5
      "CREATE INDEX orders_c ON orders (c);\n"                                            // 6
      "ALTER TABLE orders ALTER COLUMN c SET NOT NULL; -- squawk-ignore adding-not-nullable-field\n"
      "ALTER TABLE orders ALTER COLUMN d SET NOT NULL;\n"; // 8
  EXPECT_EQ(lines_of(lint_sql(sql, "require-concurrent-index-creation")), std::vector<int>{4});
  EXPECT_EQ(lines_of(lint_sql(sql, "setting-not-null")), std::vector<int>{8});
}

TEST(SquawkIgnore, BareMarkerSilencesHazardsAndTheFileFormIsNotRead) {
  const std::string sql = "-- squawk-ignore\n"
                          "CREATE INDEX orders_a ON orders (a);\n"
                          "-- squawk-ignore-file\n"
                          "CREATE INDEX orders_b ON orders (b);\n";
  EXPECT_EQ(lines_of(lint_sql(sql, "require-concurrent-index-creation")), std::vector<int>{4});
}

TEST(SquawkIgnore, NamesMapToPgdrydockRules) {
  auto rules = [](std::string_view comment) {
    std::vector<std::string> out;
    for (const IgnoreDirective& d : squawk_ignore_directives(comment))
      out.push_back(d.rule);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(rules("-- squawk-ignore adding-required-field"), V{"adding-required-column"});
  EXPECT_EQ(rules("-- squawk-ignore constraint-missing-not-valid -- validated later"),
            (V{"constraint-missing-not-valid", "validate-in-same-transaction"}));
  EXPECT_EQ(rules("--squawk-ignore disallowed-unique-constraint , require-timeout-settings"),
            (V{"unique-constraint-builds-index", "missing-lock-timeout"}));
  EXPECT_EQ(rules("-- squawk-ignore"), V{std::string(kEveryHazard)});
  EXPECT_TRUE(rules("-- squawk-ignore ban-drop-column").empty());
  EXPECT_TRUE(rules("-- squawk-ignore-file changing-column-type").empty());
  EXPECT_TRUE(rules("-- an ordinary comment about squawk-ignore").empty());
}

} // namespace
} // namespace pgdrydock::testing_rules2
