// The fixture reader itself: a harness that misreads fixtures would pass wrong rules.
#include <gtest/gtest.h>

#include "tests/rules/fixture.h"

namespace pgdrydock::fixture {
namespace {

TEST(FixtureFormat, FileWithoutCasesIsOneAutocommitCase) {
  Fixture f = parse_fixture("rules/fixtures/syntax-error.sql",
                            "-- expect: syntax-error\nSELECT 1 +;\nSELECT 1;\n");
  ASSERT_TRUE(f.errors.empty()) << f.errors.front();
  EXPECT_EQ(f.rule_id, "syntax-error");
  ASSERT_EQ(f.cases.size(), 1u);
  EXPECT_EQ(f.cases[0].settings.mode, TransactionMode::Autocommit);
  EXPECT_EQ(f.cases[0].settings.pg_version, 15);
  ASSERT_EQ(f.cases[0].statement_expects.size(), 1u);
  EXPECT_EQ(f.cases[0].statement_expects[0].target_line, 2);
}

TEST(FixtureFormat, CaseHeaderCarriesNameAndSettings) {
  Fixture f = parse_fixture("x.sql", "-- header comment\n"
                                     "-- case: old server pg_version=10 mode=transaction\n"
                                     "SELECT 1;\n"
                                     "-- case: golang mode=implicit\n"
                                     "SELECT 2;\n");
  ASSERT_TRUE(f.errors.empty()) << f.errors.front();
  ASSERT_EQ(f.cases.size(), 2u);
  EXPECT_EQ(f.cases[0].name, "old server");
  EXPECT_EQ(f.cases[0].settings.pg_version, 10);
  EXPECT_EQ(f.cases[0].settings.mode, TransactionMode::RunnerWrapped);
  EXPECT_EQ(f.cases[1].settings.mode, TransactionMode::ImplicitMulti);
  EXPECT_EQ(f.cases[1].line, 4);
}

TEST(FixtureFormat, RepeatedExpectLinesAndCommentsBetweenAttachToTheSameStatement) {
  Fixture f = parse_fixture("x.sql", "-- case: two\n"
                                     "-- expect: x\n"
                                     "-- expect: x\n"
                                     "-- pgdrydock:ignore other reason\n"
                                     "SELECT 1;\n");
  ASSERT_TRUE(f.errors.empty()) << f.errors.front();
  ASSERT_EQ(f.cases[0].statement_expects.size(), 2u);
  EXPECT_EQ(f.cases[0].statement_expects[0].target_line, 5);
  EXPECT_EQ(f.cases[0].statement_expects[1].target_line, 5);
}

TEST(FixtureFormat, ExpectNotRightAboveAStatementIsAnError) {
  Fixture blank_between = parse_fixture("x.sql", "-- case: a\n-- expect: x\n\nSELECT 1;\n");
  EXPECT_EQ(blank_between.errors.size(), 1u);
  Fixture dangling = parse_fixture("x.sql", "-- case: a\nSELECT 1;\n-- expect: x\n");
  EXPECT_EQ(dangling.errors.size(), 1u);
}

TEST(FixtureFormat, DownSectionSplitsTheCase) {
  Fixture f = parse_fixture("x.sql", "-- case: a\n"
                                     "-- expect-migration: x\n"
                                     "SELECT 1;\n"
                                     "-- down:\n"
                                     "-- expect: x\n"
                                     "SELECT 2;\n");
  ASSERT_TRUE(f.errors.empty()) << f.errors.front();
  const FixtureCase& c = f.cases[0];
  ASSERT_TRUE(c.down.has_value());
  EXPECT_EQ(f.file->view(c.up.begin, c.up.end), "-- expect-migration: x\nSELECT 1;\n");
  EXPECT_EQ(f.file->view(c.down->begin, c.down->end), "-- expect: x\nSELECT 2;\n");
  EXPECT_EQ(c.migration_expects.size(), 1u);
  ASSERT_EQ(c.statement_expects.size(), 1u);
  EXPECT_EQ(c.statement_expects[0].target_line, 6);
}

TEST(FixtureFormat, BadSettingsAndStraySqlAreErrors) {
  EXPECT_EQ(parse_fixture("x.sql", "-- case: a mode=sometimes\nSELECT 1;\n").errors.size(), 1u);
  EXPECT_EQ(parse_fixture("x.sql", "-- case: a colour=red\nSELECT 1;\n").errors.size(), 1u);
  EXPECT_EQ(parse_fixture("x.sql", "-- case: pg_version=ten\nSELECT 1;\n").errors.size(), 2u);
  EXPECT_EQ(parse_fixture("x.sql", "SELECT 0;\n-- case: a\nSELECT 1;\n").errors.size(), 1u);
}

TEST(FixtureFormat, MismatchesAreReportedWithFileAndLine) {
  // syntax-error fires on the bad statement; the fixture below claims the opposite.
  Fixture f = parse_fixture("rules/fixtures/syntax-error.sql", "-- case: wrong verdicts\n"
                                                               "-- expect: syntax-error\n"
                                                               "SELECT 1;\n"
                                                               "SELECT 2 +;\n");
  ASSERT_TRUE(f.errors.empty()) << f.errors.front();
  CaseOutcome o = run_fixture(f);
  ASSERT_EQ(o.mismatches.size(), 2u);
  EXPECT_NE(o.mismatches[0].find("rules/fixtures/syntax-error.sql:3:"), std::string::npos)
      << o.mismatches[0];
  EXPECT_NE(o.mismatches[1].find("rules/fixtures/syntax-error.sql:4:"), std::string::npos)
      << o.mismatches[1];
}

} // namespace
} // namespace pgdrydock::fixture
