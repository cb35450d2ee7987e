// --pg-version and pg_version: the versions the rules know (11 to 18) are accepted, anything
// else is a usage error naming the option (or the config file and line) with exit code 2 and
// no report; without either the target is 15.
#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "run_pgdrydock.h"

namespace pgdrydock::test {
namespace {

class CliPgVersion : public ::testing::Test {
protected:
  TempDir dir;
  CliPgVersion() {
    dir.write("a.sql", "CREATE INDEX orders_customer_idx ON orders (customer_id);\n");
  }
  RunResult lint(std::vector<std::string> args) {
    args.insert(args.begin(), {"lint", "a.sql", "--format", "json"});
    return run_pgdrydock(args, RunOptions{std::nullopt, dir.path(), false});
  }
  static int pg_version_of(const RunResult& r) {
    return nlohmann::json::parse(r.out).at("pg_version").get<int>();
  }
};

TEST_F(CliPgVersion, EveryVersionFromElevenToEighteenIsAccepted) {
  for (int v : {11, 12, 14, 16, 17, 18}) {
    RunResult r = lint({"--pg-version", std::to_string(v)});
    EXPECT_EQ(r.exit_code, 1) << v << ": " << r.err; // the index finding, not a usage error
    EXPECT_EQ(pg_version_of(r), v);
  }
}

TEST_F(CliPgVersion, OutsideTheRangeIsAUsageErrorNamingTheOption) {
  for (const char* v : {"10", "9", "19", "30", "-1"}) {
    RunResult r = lint({"--pg-version", v});
    EXPECT_EQ(r.exit_code, 2) << v;
    EXPECT_NE(r.err.find("--pg-version"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("11 to 18"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << "no report on a usage error: " << r.out;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

TEST_F(CliPgVersion, NotANumberIsAUsageError) {
  RunResult r = lint({"--pg-version", "fifteen"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--pg-version"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST_F(CliPgVersion, DefaultsToTheConfigThenFifteen) {
  EXPECT_EQ(pg_version_of(lint({})), 15);
  dir.write(".pgdrydock.toml", "pg_version = 17\n");
  EXPECT_EQ(pg_version_of(lint({})), 17);
  EXPECT_EQ(pg_version_of(lint({"--pg-version", "12"})), 12) << "the option wins";
}

TEST_F(CliPgVersion, ConfigOutsideTheRangeNamesFileAndLine) {
  for (const char* v : {"10", "19"}) {
    dir.write(".pgdrydock.toml", std::string("# target\npg_version = ") + v + "\n");
    RunResult r = lint({});
    EXPECT_EQ(r.exit_code, 2) << v;
    EXPECT_NE(r.err.find(".pgdrydock.toml:2:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("from 11 to 18"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

} // namespace
} // namespace pgdrydock::test
