// `pgdrydock simulate --app-load` from the command line: the JSON contract's keys, the
// --max-app-blocked gate's exit code, and bad workload options as usage errors naming the
// option (exit 2, no report).
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/common/run_command.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock {
namespace {

std::string write_history(const testing::TempFolder& folder) {
  folder.write("1_create.up.sql", "CREATE TABLE t (id bigint PRIMARY KEY, b int NOT NULL);\n");
  folder.write("1_create.down.sql", "DROP TABLE t;\n");
  folder.write("2_add.up.sql", "ALTER TABLE t ADD COLUMN c int;\n");
  folder.write("2_add.down.sql", "ALTER TABLE t DROP COLUMN c;\n");
  return folder.str();
}

std::set<std::string> keys_of(const nlohmann::json& object) {
  std::set<std::string> out;
  for (const auto& [key, value] : object.items())
    out.insert(key);
  return out;
}

TEST(AppLoadCli, JsonCarriesTheContractAndTheBudgetGateFails) {
  testing::TempFolder folder;
  const std::string dir = write_history(folder);
  test::CapturedRun run =
      test::run_captured({PGDRYDOCK_BINARY, "simulate", dir, "--only", "2", "--rows", "2000",
                          "--format", "json", "--app-load", "--app-clients", "2",
                          "--long-transaction", "1500ms", "--max-app-blocked", "300ms"});
  // Over the budget: the application waited behind the ALTER for about 1.5 s.
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("over budget"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("--max-app-blocked 300ms"), std::string::npos) << run.err;
  const nlohmann::json report = nlohmann::json::parse(run.out);
  const nlohmann::json& migration = report.at("migrations").at(0);
  const nlohmann::json& impact =
      migration.at("scripts").at(0).at("statements").at(0).at("app_impact");
  EXPECT_EQ(
      keys_of(impact),
      (std::set<std::string>{"queries", "blocked", "failed", "timed_out", "latency_ms",
                             "longest_blocked_ms", "queued_behind_ddl", "ddl_wait_ms", "attempts"}))
      << impact.dump();
  EXPECT_EQ(keys_of(impact.at("latency_ms")), (std::set<std::string>{"p50", "p99", "max"}));
  EXPECT_GE(impact.at("longest_blocked_ms").get<double>(), 1000) << impact.dump();
  const nlohmann::json& baseline = migration.at("simulation").at("app_baseline");
  EXPECT_EQ(keys_of(baseline), std::set<std::string>{"latency_ms"}) << baseline.dump();
  // The run's baseline, at the top level as the contract says: the first migration's.
  EXPECT_EQ(report.at("app_baseline"), baseline) << report.dump().substr(0, 500);
  // The downgrade ran under load too.
  EXPECT_TRUE(migration.at("scripts").at(1).at("statements").at(0).contains("app_impact"));
}

TEST(AppLoadCli, BadWorkloadOptionsAreUsageErrorsNamingTheOption) {
  testing::TempFolder folder;
  const std::string dir = write_history(folder);
  const std::vector<std::vector<std::string>> cases = {
      {"--app-load", "--long-transaction", "3 fortnights"},
      {"--app-load=reads,deletes"},
      {"--app-load", "--app-clients", "0"},
      {"--app-load", "--retries", "3"},
      {"--lock-timeout", "200ms"},
  };
  const std::vector<std::string> named = {"--long-transaction 3 fortnights", "--app-load",
                                          "--app-clients", "--retries", "--lock-timeout"};
  for (std::size_t i = 0; i < cases.size(); ++i) {
    std::vector<std::string> argv = {PGDRYDOCK_BINARY, "simulate", dir};
    argv.insert(argv.end(), cases[i].begin(), cases[i].end());
    test::CapturedRun run = test::run_captured(argv);
    EXPECT_EQ(run.exit_code, 2) << named[i] << ": " << run.err;
    EXPECT_NE(run.err.find(named[i]), std::string::npos) << run.err;
    EXPECT_TRUE(run.out.empty()) << run.out;
  }
}

} // namespace
} // namespace pgdrydock
