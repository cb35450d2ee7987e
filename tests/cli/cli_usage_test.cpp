// Usage: --help, --version, subcommands, and every usage mistake exiting 2 with a message.
#include <gtest/gtest.h>

#include "run_pgdrydock.h"

namespace pgdrydock::test {
namespace {

TEST(CliUsage, VersionPrintsTheVersionAndExitsZero) {
  auto r = run_pgdrydock({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find(std::string("pgdrydock ") + PGDRYDOCK_VERSION), std::string::npos) << r.out;
}

TEST(CliUsage, HelpListsTheSubcommandsAndExitsZero) {
  auto r = run_pgdrydock({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("lint"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rules"), std::string::npos) << r.out;
}

TEST(CliUsage, LintHelpListsTheSharedOptions) {
  auto r = run_pgdrydock({"lint", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* option : {"--format", "--pg-version", "--fail-on", "--config", "--layout",
                             "--assume-in-transaction", "--stdin-filepath", "--color"})
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
}

TEST(CliUsage, NoSubcommandIsAUsageError) {
  auto r = run_pgdrydock({});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(r.err.empty());
}

TEST(CliUsage, UnknownOptionIsAUsageError) {
  auto r = run_pgdrydock({"lint", "--no-such-option", "x.sql"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--no-such-option"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(CliUsage, UnknownFormatIsAUsageErrorNamingTheKnownOnes) {
  TempDir dir;
  auto file = dir.write("a.sql", "SELECT 1;\n");
  auto r = run_pgdrydock({"lint", file.string(), "--format", "yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("yaml"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("gcc"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(CliUsage, UnknownLayoutIsAUsageError) {
  TempDir dir;
  auto file = dir.write("a.sql", "SELECT 1;\n");
  auto r = run_pgdrydock({"lint", file.string(), "--layout", "liquibase"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("liquibase"), std::string::npos) << r.err;
}

TEST(CliUsage, BadFailOnValueIsAUsageError) {
  auto r = run_pgdrydock({"lint", "x.sql", "--fail-on", "fatal"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(r.err.empty());
}

TEST(CliUsage, LintWithoutPathsIsAUsageError) {
  auto r = run_pgdrydock({"lint"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(r.err.empty());
}

TEST(CliRules, ListsEveryRuleWithSeverityAndSummary) {
  auto r = run_pgdrydock({"rules"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // syntax-error is always registered; its line carries the severity and the summary.
  auto pos = r.out.find("syntax-error");
  ASSERT_NE(pos, std::string::npos) << r.out;
  auto line = r.out.substr(pos, r.out.find('\n', pos) - pos);
  EXPECT_NE(line.find("error"), std::string::npos) << line;
  EXPECT_NE(line.find("parse"), std::string::npos) << line;
  EXPECT_NE(r.out.find("require-concurrent-index-creation"), std::string::npos) << r.out;
}

TEST(CliRules, ShowsOneRulesDocumentation) {
  auto r = run_pgdrydock({"rules", "require-concurrent-index-creation"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("require-concurrent-index-creation", 0), 0U) << r.out;
  EXPECT_NE(r.out.find("CONCURRENTLY"), std::string::npos) << r.out;
}

TEST(CliRules, UnknownRuleIsAUsageError) {
  auto r = run_pgdrydock({"rules", "no-such-rule"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no-such-rule"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

} // namespace
} // namespace pgdrydock::test
