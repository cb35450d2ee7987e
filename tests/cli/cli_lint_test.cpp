// `pgdrydock lint` end to end: formats, summary, exit codes, --fail-on, stdin, colour.
#include <regex>
#include <sstream>

#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "run_pgdrydock.h"

namespace pgdrydock::test {
namespace {

constexpr const char* kIndexRule = "require-concurrent-index-creation";
// The CREATE INDEX sits on line 3 so locations are checked, not just present.
constexpr const char* kIndexSql = "-- add an index\n\nCREATE INDEX orders_customer_idx ON orders "
                                  "(customer_id);\n";
// Pins the finding's severity to warning whatever the rule's default is, and keeps the one
// other rule that fires on a bare CREATE INDEX out of the way.
constexpr const char* kWarningConfig =
    "[rules]\ndisable = [\"missing-lock-timeout\"]\n"
    "[rules.severity]\nrequire-concurrent-index-creation = \"warning\"\n";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

class CliLint : public ::testing::Test {
protected:
  TempDir dir;
  RunResult lint(std::vector<std::string> args, RunOptions options = {}) {
    if (options.cwd.empty())
      options.cwd = dir.path(); // never pick up a stray config
    args.emplace_back("lint");
    std::rotate(args.rbegin(), args.rbegin() + 1, args.rend()); // "lint" first
    return run_pgdrydock(args, options);
  }
};

TEST_F(CliLint, CleanFileExitsZeroWithSummaryOnStdout) {
  dir.write("ok.sql", "CREATE TABLE t (id bigint PRIMARY KEY);\nSELECT 1;\n");
  auto r = lint({"ok.sql"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("0 errors, 0 warnings, 0 infos in 1 file"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 statements"), std::string::npos) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST_F(CliLint, GccFormatIsExactlyOneParseableLinePerFinding) {
  dir.write(".pgdrydock.toml", kWarningConfig);
  dir.write("0042_add_index.up.sql", kIndexSql);
  auto r = lint({"0042_add_index.up.sql", "--format", "gcc", "--pg-version", "13"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto lines = lines_of(r.out);
  ASSERT_FALSE(lines.empty()) << r.out;
  // Every line has the gcc shape (the up file without a down may add an info finding).
  std::regex any_gcc_line(R"(^[^:\n]+:[0-9]+:[0-9]+: (error|warning|info): .+ \[[a-z0-9-]+\]$)");
  for (const auto& line : lines)
    EXPECT_TRUE(std::regex_match(line, any_gcc_line)) << line;
  std::regex index_line(
      R"(^0042_add_index\.up\.sql:3:1: warning: [^\n]+ \[require-concurrent-index-creation\]$)");
  EXPECT_EQ(std::count_if(lines.begin(), lines.end(),
                          [&](const std::string& l) { return std::regex_match(l, index_line); }),
            1)
      << r.out;
  // The summary goes to stderr so stdout stays machine-readable.
  EXPECT_NE(r.err.find("0 errors, 1 warning, "), std::string::npos) << r.err;
}

TEST_F(CliLint, TextFormatShowsLocationRuleExcerptAndRecipe) {
  dir.write(".pgdrydock.toml", kWarningConfig);
  dir.write("a.sql", kIndexSql);
  auto r = lint({"a.sql"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("a.sql:3:1: warning [require-concurrent-index-creation]"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("    3 | CREATE INDEX orders_customer_idx ON orders (customer_id)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("use instead:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("CONCURRENTLY"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos) << "no colour when stdout is a pipe";
}

TEST_F(CliLint, ColorAlwaysAddsAnsiCodes) {
  dir.write("a.sql", kIndexSql);
  auto r = lint({"a.sql", "--color", "always"});
  EXPECT_NE(r.out.find("\x1b["), std::string::npos) << r.out;
}

TEST_F(CliLint, FailOnDecidesTheExitCode) {
  dir.write(".pgdrydock.toml", kWarningConfig);
  dir.write("a.sql", kIndexSql);
  EXPECT_EQ(lint({"a.sql"}).exit_code, 1);
  EXPECT_EQ(lint({"a.sql", "--fail-on", "warning"}).exit_code, 1);
  EXPECT_EQ(lint({"a.sql", "--fail-on", "info"}).exit_code, 1);
  EXPECT_EQ(lint({"a.sql", "--fail-on", "error"}).exit_code, 0);
}

TEST_F(CliLint, StdinWithStdinFilepathReportsJson) {
  auto r = lint({"-", "--stdin-filepath", "x.sql", "--format", "json"},
                RunOptions{std::string(kIndexSql), {}, false});
  ASSERT_NE(r.exit_code, 2) << r.err;
  auto report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report["schema_version"], 1);
  EXPECT_EQ(report["tool"]["name"], "pgdrydock");
  EXPECT_EQ(report["pg_version"], 15);
  ASSERT_EQ(report["migrations"].size(), 1U) << r.out;
  const auto& script = report["migrations"][0]["scripts"][0];
  EXPECT_EQ(script["direction"], "up");
  EXPECT_EQ(script["file"], "x.sql");
  ASSERT_EQ(script["statements"].size(), 1U);
  const auto& statement = script["statements"][0];
  EXPECT_EQ(statement["location"]["file"], "x.sql");
  EXPECT_EQ(statement["location"]["line"], 3);
  EXPECT_EQ(statement["kind"], "IndexStmt");
  bool found = false;
  for (const auto& f : statement["findings"])
    found |= f["rule"] == kIndexRule;
  EXPECT_TRUE(found) << statement.dump(2);
  bool share_lock = false;
  for (const auto& e : statement["effects"])
    share_lock |= e["relation"] == "public.orders" && e["lock"] == "ShareLock";
  EXPECT_TRUE(share_lock) << statement.dump(2);
  EXPECT_NE(r.err.find("1 file"), std::string::npos) << r.err;
}

TEST_F(CliLint, JsonKeepsEveryStatementEvenWithoutFindings) {
  dir.write("a.sql", "SELECT 1;\nSELECT 2;\nSELECT 3;\n");
  auto r = lint({"a.sql", "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report["migrations"][0]["scripts"][0]["statements"].size(), 3U);
  EXPECT_EQ(report["summary"]["statements"], 3);
}

TEST_F(CliLint, SarifGithubAndJunitAreWellFormed) {
  dir.write(".pgdrydock.toml", kWarningConfig);
  dir.write("a.sql", kIndexSql);
  auto sarif = lint({"a.sql", "--format", "sarif"});
  EXPECT_EQ(sarif.exit_code, 1) << sarif.err;
  auto log = nlohmann::json::parse(sarif.out);
  EXPECT_EQ(log["version"], "2.1.0");
  EXPECT_EQ(log["runs"][0]["results"][0]["ruleId"], kIndexRule);
  EXPECT_EQ(log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
            3);

  auto github = lint({"a.sql", "--format", "github"});
  EXPECT_EQ(github.exit_code, 1);
  EXPECT_EQ(github.out.rfind(
                "::warning file=a.sql,line=3,col=1,title=" + std::string(kIndexRule) + "::", 0),
            0U)
      << github.out;

  auto junit = lint({"a.sql", "--format", "junit"});
  EXPECT_EQ(junit.exit_code, 1);
  EXPECT_NE(junit.out.find("<testsuites name=\"pgdrydock\" tests=\"1\" failures=\"1\""),
            std::string::npos)
      << junit.out;
}

TEST_F(CliLint, NoFileIsWrittenByARun) {
  dir.write("a.sql", kIndexSql);
  for (const char* format : {"text", "gcc", "json", "sarif", "github", "junit"})
    lint({"a.sql", "--format", format});
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path()))
    names.push_back(entry.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"a.sql"});
}

} // namespace
} // namespace pgdrydock::test
