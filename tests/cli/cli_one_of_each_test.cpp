// The shared services seen from the command line: one identifier quoting in recipes, one
// duration syntax for every duration option.
#include <gtest/gtest.h>

#include "run_pgdrydock.h"

namespace pgdrydock::test {
namespace {

TEST(CliOneOfEach, RecipeQuotesAKeywordIndexName) {
  TempDir dir;
  auto file = dir.write("0001_idx.sql", "CREATE INDEX \"user\" ON t (a);\n");
  auto r = run_pgdrydock({"lint", file.string()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("CREATE INDEX CONCURRENTLY IF NOT EXISTS \"user\" ON t (a);"),
            std::string::npos)
      << r.out;
  // The clean-up step is SQL a user can paste: `user` is a reserved word.
  EXPECT_NE(r.out.find("DROP INDEX CONCURRENTLY IF EXISTS \"user\";"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("IF EXISTS user;"), std::string::npos) << r.out;
}

TEST(CliOneOfEach, BadDurationIsAUsageErrorNamingTheOption) {
  TempDir dir;
  auto file = dir.write("0001_x.sql", "SELECT 1;\n");
  for (const char* option : {"--statement-timeout", "--max-lock", "--max-duration"}) {
    auto r = run_pgdrydock({"simulate", file.string(), option, "2 fortnights"});
    EXPECT_EQ(r.exit_code, 2) << option << r.err;
    EXPECT_NE(r.err.find(std::string(option) + " 2 fortnights"), std::string::npos) << r.err;
  }
}

TEST(CliOneOfEach, HelpSaysABareNumberIsMilliseconds) {
  auto r = run_pgdrydock({"simulate", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("a bare number is milliseconds"), std::string::npos) << r.out;
}

TEST(CliOneOfEach, StatementTimeoutTwoMinutesReachesTheServer) {
  // The replayed statement checks the session's statement_timeout itself: 2m is two minutes.
  TempDir dir;
  auto file = dir.write("0001_check_timeout.sql",
                        "DO $$ BEGIN IF current_setting('statement_timeout') <> '2min' THEN "
                        "RAISE EXCEPTION 'statement_timeout is %', "
                        "current_setting('statement_timeout'); END IF; END $$;\n");
  auto r = run_pgdrydock({"simulate", file.string(), "--rows", "10", "--statement-timeout", "2m"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("statement_timeout is"), std::string::npos) << r.out;
}

} // namespace
} // namespace pgdrydock::test
