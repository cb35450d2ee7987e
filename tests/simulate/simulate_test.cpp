// The simulator end to end on real PostgreSQL clusters started through the sandbox: fixtures
// in tests/fixtures/simulate/<case>/ are golang-migrate style up/down pairs.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "lint/support/process_runner.h"
#include "simulate/result/simulation_json.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/simulator.h"
#include "tests/common/run_command.h"

namespace pgdrydock {
namespace {

namespace fs = std::filesystem;

std::string fixture(const std::string& name) {
  return std::string(PGDRYDOCK_SOURCE_DIR) + "/tests/fixtures/simulate/" + name;
}

LintResult simulate_fixture(Sandbox& sandbox, const std::string& name, long long rows) {
  LoadOptions load;
  MigrationSet set = load_migrations({fixture(name)}, load);
  EXPECT_TRUE(set.errors.empty());
  EXPECT_EQ(set.migrations.size(), name == "hanging" ? 1u : 2u);
  SimulateOptions options;
  options.lint.pg_version = sandbox.server_major_version();
  options.seed.default_rows = rows;
  options.only = {"2"};
  return simulate_migrations(set, sandbox, options);
}

bool contains(const nlohmann::json& list, const std::string& needle) {
  for (const auto& item : list)
    if (item.get<std::string>().find(needle) != std::string::npos)
      return true;
  return false;
}

const StatementResult& statement(const MigrationResult& m, Direction d, std::size_t i) {
  for (const auto& s : m.scripts)
    if (s.direction == d)
      return s.statements.at(i);
  throw std::runtime_error("no such script");
}

class Simulate : public ::testing::Test {
protected:
  static void SetUpTestSuite() { sandbox_ = Sandbox::start({}).release(); }
  static void TearDownTestSuite() {
    delete sandbox_;
    sandbox_ = nullptr;
  }
  static Sandbox* sandbox_;
};
Sandbox* Simulate::sandbox_ = nullptr;

TEST_F(Simulate, RlsDowngradeLeavingThePolicyIsIrreversible) {
  LintResult r = simulate_fixture(*sandbox_, "rls", 200);
  ASSERT_EQ(r.migrations.size(), 1u);
  const auto& sim = json_or_null(r.migrations[0].simulation);
  EXPECT_TRUE(sim["error"].is_null()) << sim.dump(2);
  EXPECT_FALSE(sim["reversible"].get<bool>());
  EXPECT_TRUE(contains(sim["schema_diff"],
                       "policy public.documents.documents_owner_only still exists after downgrade"))
      << sim.dump(2);
  EXPECT_EQ(simulation_exit_code(r, false), 1);
}

TEST_F(Simulate, RoleEnumDowngradeIsLossyAndLeavesItsTypeBehind) {
  LintResult r = simulate_fixture(*sandbox_, "role_enum", 3000);
  const auto& sim = json_or_null(r.migrations.at(0).simulation);
  EXPECT_TRUE(sim["error"].is_null()) << sim.dump(2);
  EXPECT_FALSE(sim["reversible"].get<bool>());
  EXPECT_TRUE(contains(sim["schema_diff"], "type public.user_role_old left behind after downgrade"))
      << sim.dump(2);
  EXPECT_TRUE(sim["lossy"].get<bool>()) << sim.dump(2);
  EXPECT_TRUE(contains(sim["data_changes"], "values of public.users.role")) << sim.dump(2);
  // The ALTER COLUMN TYPE rewrote users.
  bool rewrite = false;
  for (const auto measured = json_or_null(statement(r.migrations[0], Direction::Up, 2).measured);
       const auto& o : measured["observed"])
    if (o["relation"] == "public.users" && o["rewrite"].get<bool>())
      rewrite = true;
  EXPECT_TRUE(rewrite);
}

TEST_F(Simulate, AuditTriggerMigrationIsReversible) {
  LintResult r = simulate_fixture(*sandbox_, "audit", 500);
  const auto& m = r.migrations.at(0);
  const auto& sim = json_or_null(m.simulation);
  EXPECT_TRUE(sim["error"].is_null()) << sim.dump(2);
  EXPECT_TRUE(sim["reversible"].get<bool>()) << sim.dump(2);
  EXPECT_FALSE(sim["lossy"].get<bool>()) << sim.dump(2);
  EXPECT_TRUE(sim["schema_diff"].empty());
  EXPECT_EQ(simulation_exit_code(r, true), 0);
  // Every statement carries the measured keys of the report contract.
  for (const auto& s : m.scripts)
    for (const auto& st : s.statements)
      for (const char* key :
           {"observed", "duration_ms", "blocked_reads_ms", "blocked_writes_ms", "mismatch"})
        EXPECT_TRUE(json_or_null(st.measured).contains(key)) << key << " missing for " << st.text;
  for (const char* key :
       {"reversible", "down_failed", "lossy", "schema_diff", "leftovers", "error"})
    EXPECT_TRUE(sim.contains(key)) << key;
}

TEST_F(Simulate, IndexWithoutConcurrentlyTakesShareLockAndBlocksWrites) {
  LintResult r = simulate_fixture(*sandbox_, "index", 300000);
  const auto& st = statement(r.migrations.at(0), Direction::Up, 0);
  bool share = false;
  for (const auto measured = json_or_null(st.measured); const auto& o : measured["observed"])
    if (o["relation"] == "public.orders" && o["lock"] == "ShareLock")
      share = true;
  EXPECT_TRUE(share) << json_or_null(st.measured).dump(2);
  EXPECT_GT(json_or_null(st.measured)["blocked_writes_ms"].get<double>(), 0.0)
      << json_or_null(st.measured).dump(2);
  EXPECT_EQ(json_or_null(st.measured)["blocked_reads_ms"].get<double>(), 0.0)
      << json_or_null(st.measured).dump(2);
  EXPECT_TRUE(json_or_null(st.measured)["mismatch"].empty()) << json_or_null(st.measured).dump(2);
}

TEST_F(Simulate, VolatileDefaultRewritesTheTable) {
  LintResult r = simulate_fixture(*sandbox_, "volatile_default", 1000);
  const auto& st = statement(r.migrations.at(0), Direction::Up, 0);
  bool rewrite = false;
  for (const auto measured = json_or_null(st.measured); const auto& o : measured["observed"])
    if (o["relation"] == "public.events" && o["rewrite"].get<bool>() &&
        o["lock"] == "AccessExclusiveLock")
      rewrite = true;
  EXPECT_TRUE(rewrite) << json_or_null(st.measured).dump(2);
  EXPECT_TRUE(json_or_null(r.migrations[0].simulation)["reversible"].get<bool>())
      << json_or_null(r.migrations[0].simulation).dump(2);
}

TEST_F(Simulate, AFailingStatementStopsWithItsErrorAndLeftovers) {
  LintResult r = simulate_fixture(*sandbox_, "failing", 0);
  const auto& sim = json_or_null(r.migrations.at(0).simulation);
  ASSERT_FALSE(sim["error"].is_null());
  EXPECT_EQ(sim["error"]["sqlstate"], "23505");
  EXPECT_EQ(sim["error"]["direction"], "up");
  EXPECT_EQ(sim["error"]["location"]["line"], 1);
  EXPECT_NE(sim["error"]["location"]["file"].get<std::string>().find("2_unique_code.up.sql"),
            std::string::npos);
  EXPECT_TRUE(contains(sim["leftovers"], "index public.items_code_key (INVALID)")) << sim.dump(2);
  EXPECT_EQ(simulation_exit_code(r, false), 1);
}

TEST_F(Simulate, DsnModeLeavesTheServerAsItFoundIt) {
  auto names = [&] {
    pqxx::connection c(sandbox_->conninfo("postgres"));
    pqxx::nontransaction tx(c);
    std::set<std::string> out;
    for (const auto& row : tx.exec("SELECT datname FROM pg_database"))
      out.insert(row[0].c_str());
    return out;
  };
  const auto before = names();
  SandboxOptions options;
  options.dsn = sandbox_->conninfo("postgres");
  {
    auto scratch = Sandbox::start(options);
    LintResult r = simulate_fixture(*scratch, "audit", 100);
    EXPECT_TRUE(json_or_null(r.migrations.at(0).simulation)["reversible"].get<bool>());
  }
  EXPECT_EQ(names(), before);
}

// The command line: a hanging statement hits --statement-timeout, exit code 1.

TEST(SimulateCli, HangingStatementHitsTheTimeout) {
  const test::CommandRun cli =
      test::run_pgdrydock_command("simulate " + fixture("hanging") + " --statement-timeout 1s");
  const std::string& out = cli.output;
  EXPECT_EQ(cli.exit_code, 1) << out;
  EXPECT_NE(out.find("57014"), std::string::npos) << out;
  EXPECT_NE(out.find("statement timeout"), std::string::npos) << out;
}

TEST(SimulateCli, SigtermDuringReplayLeavesNoOrphan) {
  // Started, not waited for: its stderr goes to a file we watch for the sandbox line.
  const fs::path err_file =
      fs::temp_directory_path() / ("pgdrydock-sigterm-" + std::to_string(getpid()) + ".err");
  fs::remove(err_file);
  ProcessOptions options;
  options.argv = {PGDRYDOCK_BINARY, "simulate", fixture("hanging")};
  options.stdout_to = Output::discard;
  options.stderr_to = Output::append_file;
  options.output_file = err_file.string();
  const pid_t child = start_process(options).value();
  pid_t postmaster = 0;
  char folder[512] = {};
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (postmaster == 0 && std::chrono::steady_clock::now() < give_up &&
         !wait_for_exit(child, std::chrono::milliseconds(50))) {
    std::ifstream err(err_file);
    for (std::string line; std::getline(err, line);) {
      const char* at = std::strstr(line.c_str(), "sandbox in ");
      if (at && std::sscanf(at, "sandbox in %511s (postmaster pid %d)", folder, &postmaster) == 2)
        break;
      postmaster = 0;
    }
  }
  fs::remove(err_file);
  if (postmaster == 0)
    kill(child, SIGKILL);
  ASSERT_GT(postmaster, 0) << "the CLI did not report its sandbox";
  std::this_thread::sleep_for(std::chrono::seconds(2)); // into the pg_sleep
  kill(child, SIGTERM);
  std::optional<ExitStatus> ended = wait_for_exit(child, std::chrono::seconds(120));
  ASSERT_TRUE(ended) << "pgdrydock did not end after SIGTERM";
  EXPECT_EQ(ended->describe(), ExitStatus::exited(128 + SIGTERM).describe());
  EXPECT_TRUE(kill(postmaster, 0) != 0 && errno == ESRCH) << "postmaster survived";
  EXPECT_FALSE(fs::exists(folder)) << folder;
}

} // namespace
} // namespace pgdrydock
