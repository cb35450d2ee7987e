// .pgdrydock.toml end to end: found by walking up, --config, command line wins, bad files.
#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "run_pgdrydock.h"

namespace pgdrydock::test {
namespace {

constexpr const char* kIndexSql = "CREATE INDEX orders_customer_idx ON orders (customer_id);\n";

class CliConfig : public ::testing::Test {
protected:
  TempDir dir;
  RunResult lint(std::vector<std::string> args, const std::filesystem::path& cwd) {
    args.emplace_back("lint");
    std::rotate(args.rbegin(), args.rbegin() + 1, args.rend()); // "lint" first
    return run_pgdrydock(args, RunOptions{std::nullopt, cwd, false});
  }
  int pg_version_of(const RunResult& r) {
    return nlohmann::json::parse(r.out).at("pg_version").get<int>();
  }
};

TEST_F(CliConfig, FoundByWalkingUpFromTheCurrentFolder) {
  dir.write(".pgdrydock.toml", "pg_version = 13\n");
  auto file = dir.write("db/migrations/a.sql", "SELECT 1;\n");
  auto r = lint({file.string(), "--format", "json"}, dir.path() / "db" / "migrations");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(pg_version_of(r), 13);
}

TEST_F(CliConfig, CommandLineWinsOverTheConfig) {
  dir.write(".pgdrydock.toml", "pg_version = 13\n");
  dir.write("a.sql", "SELECT 1;\n");
  auto r = lint({"a.sql", "--format", "json", "--pg-version", "11"}, dir.path());
  EXPECT_EQ(pg_version_of(r), 11);
}

TEST_F(CliConfig, ExplicitConfigPath) {
  dir.write("conf/lint.toml", "pg_version = 12\n");
  dir.write("a.sql", "SELECT 1;\n");
  auto r = lint({"a.sql", "--format", "json", "--config", "conf/lint.toml"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(pg_version_of(r), 12);
}

TEST_F(CliConfig, MissingExplicitConfigIsAUsageError) {
  dir.write("a.sql", "SELECT 1;\n");
  auto r = lint({"a.sql", "--config", "nope.toml"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nope.toml"), std::string::npos) << r.err;
}

TEST_F(CliConfig, DisabledRuleIsSilent) {
  dir.write("a.sql", kIndexSql);
  auto before = lint({"a.sql", "--format", "gcc"}, dir.path());
  ASSERT_NE(before.out.find("require-concurrent-index-creation"), std::string::npos) << before.out;
  dir.write(".pgdrydock.toml", "[rules]\ndisable = [\"require-concurrent-index-creation\"]\n");
  auto after = lint({"a.sql", "--format", "gcc"}, dir.path());
  EXPECT_EQ(after.out.find("require-concurrent-index-creation"), std::string::npos) << after.out;
}

TEST_F(CliConfig, EnableRunsOnlyTheNamedRules) {
  dir.write(".pgdrydock.toml", "[rules]\nenable = [\"syntax-error\"]\n");
  dir.write("a.sql", kIndexSql);
  auto r = lint({"a.sql", "--format", "gcc"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST_F(CliConfig, SeverityOverrideAndFailOnFromTheConfig) {
  dir.write("a.sql", kIndexSql);
  dir.write(
      ".pgdrydock.toml",
      "fail_on = \"error\"\n[rules.severity]\nrequire-concurrent-index-creation = \"info\"\n");
  auto r = lint({"a.sql", "--format", "gcc"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find(": info: "), std::string::npos) << r.out;
  // --fail-on on the command line wins over fail_on in the file.
  EXPECT_EQ(lint({"a.sql", "--fail-on", "info"}, dir.path()).exit_code, 1);
}

TEST_F(CliConfig, InvalidTomlNamesFileAndLine) {
  dir.write(".pgdrydock.toml", "# settings\npg_version = = 13\n");
  dir.write("a.sql", "SELECT 1;\n");
  auto r = lint({"a.sql"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(".pgdrydock.toml:2:"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST_F(CliConfig, UnknownRuleIdsAreNamed) {
  dir.write(".pgdrydock.toml", "[rules]\ndisable = [\"no-such-rule\", \"another-typo\"]\n");
  dir.write("a.sql", "SELECT 1;\n");
  auto r = lint({"a.sql"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no-such-rule"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("another-typo"), std::string::npos) << r.err;
}

TEST_F(CliConfig, WrongValueTypeNamesTheLine) {
  dir.write(".pgdrydock.toml", "pg_version = 13\nfail_on = \"fatal\"\n");
  dir.write("a.sql", "SELECT 1;\n");
  auto r = lint({"a.sql"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(".pgdrydock.toml:2:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("fail_on"), std::string::npos) << r.err;
}

TEST_F(CliConfig, UnknownKeyIsAnError) {
  dir.write(".pgdrydock.toml", "pg_verison = 13\n");
  dir.write("a.sql", "SELECT 1;\n");
  auto r = lint({"a.sql"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("pg_verison"), std::string::npos) << r.err;
}

} // namespace
} // namespace pgdrydock::test
