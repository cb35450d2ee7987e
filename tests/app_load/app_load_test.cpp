// The synthetic application workload (simulate --app-load, issue 20) on a real sandbox: the
// lock queue an ADD COLUMN forms behind a long transaction, the careful runner that keeps it
// short, CREATE INDEX CONCURRENTLY leaving the application alone, and no session left behind.
#include <string>

#include <gtest/gtest.h>

#include "simulate/app_load/app_client.h"
#include "simulate/result/app_impact_json.h"
#include "simulate/result/simulation_json.h"
#include "simulate/sandbox/pg_session.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/simulator.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock {
namespace {

constexpr const char* kCreateTable =
    "CREATE TABLE t (id bigint PRIMARY KEY, b int NOT NULL, note text);\n"
    "CREATE INDEX t_b ON t (b);\n";

class AppLoadTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() { sandbox_ = Sandbox::start({}).release(); }
  static void TearDownTestSuite() {
    delete sandbox_;
    sandbox_ = nullptr;
  }

  // Simulates migration 2 (`up`, `down`) after the table of migration 1, seeded with 20,000
  // rows, under the workload `load`.
  LintResult simulate(const std::string& up, const std::string& down, const AppLoadOptions& load) {
    testing::TempFolder folder;
    folder.write("1_create.up.sql", kCreateTable);
    folder.write("1_create.down.sql", "DROP TABLE t;\n");
    folder.write("2_change.up.sql", up);
    folder.write("2_change.down.sql", down);
    MigrationSet set = load_migrations({folder.str()}, LoadOptions{});
    EXPECT_TRUE(set.errors.empty());
    SimulateOptions options;
    options.lint.pg_version = sandbox_->server_major_version();
    options.seed.default_rows = 20000;
    options.only = {"2"};
    options.app_load = load;
    return simulate_migrations(set, *sandbox_, options);
  }

  // The up statement's impact (fails the test when there is none).
  static AppImpact up_impact(const LintResult& r) {
    const auto& st = r.migrations.at(0).scripts.front().statements.at(0);
    EXPECT_TRUE(st.measured && st.measured->app_impact) << st.text;
    return st.measured && st.measured->app_impact ? *st.measured->app_impact : AppImpact{};
  }

  // Workload sessions still connected to the server.
  static int app_sessions() {
    PgSession s(sandbox_->conninfo());
    return std::stoi(s.query("SELECT count(*) FROM pg_stat_activity WHERE application_name "
                             "LIKE 'pgdrydock-app%'")
                         .value(0, 0));
  }

  static Sandbox* sandbox_;
};
Sandbox* AppLoadTest::sandbox_ = nullptr;

std::string dump(const AppImpact& impact) {
  return nlohmann::json(impact).dump();
}

TEST_F(AppLoadTest, AddColumnBehindALongTransactionQueuesTheApplication) {
  AppLoadOptions load;
  load.long_transaction_ms = 3000;
  LintResult r =
      simulate("ALTER TABLE t ADD COLUMN c int;\n", "ALTER TABLE t DROP COLUMN c;\n", load);
  ASSERT_EQ(r.migrations.size(), 1u);
  const MigrationSimulation& sim = *r.migrations[0].simulation;
  EXPECT_FALSE(sim.error) << sim.error->message;
  const AppImpact impact = up_impact(r);
  EXPECT_GT(impact.blocked, 0) << dump(impact);
  EXPECT_TRUE(impact.queued_behind_ddl) << dump(impact);
  EXPECT_GE(impact.latency_ms.max, 2500) << dump(impact);
  EXPECT_GE(impact.longest_blocked_ms, 2500) << dump(impact);
  EXPECT_GE(impact.ddl_wait_ms, 2000) << dump(impact);
  EXPECT_EQ(impact.attempts, 1);
  // The workload alone answers quickly: the baseline is far below the queue.
  ASSERT_TRUE(sim.app_load);
  EXPECT_GT(sim.app_load->baseline.max, 0);
  EXPECT_LT(sim.app_load->baseline.p99, 1000);
  // The timeline holds the queue: a point of at least 2.5 s inside the statement's band.
  ASSERT_FALSE(sim.app_load->bands.empty());
  const AppStatementBand& band = sim.app_load->bands.front();
  double worst_in_band = 0;
  for (const auto& p : sim.app_load->timeline)
    if (p.at_ms >= band.from_ms - 100 && p.at_ms <= band.to_ms)
      worst_in_band = std::max(worst_in_band, p.latency_ms);
  EXPECT_GE(worst_in_band, 2500);
  EXPECT_EQ(app_sessions(), 0);
}

TEST_F(AppLoadTest, LockTimeoutWithRetriesKeepsTheQueueShortAndStillApplies) {
  AppLoadOptions load;
  load.long_transaction_ms = 3000;
  load.lock_timeout_ms = 200;
  load.retries = 30;
  LintResult r =
      simulate("ALTER TABLE t ADD COLUMN c int;\n", "ALTER TABLE t DROP COLUMN c;\n", load);
  const MigrationSimulation& sim = *r.migrations.at(0).simulation;
  // Applied: no error, and the downgrade dropping the column found it.
  EXPECT_FALSE(sim.error) << sim.error->message;
  EXPECT_TRUE(sim.reversible);
  const AppImpact impact = up_impact(r);
  EXPECT_GE(impact.attempts, 2) << dump(impact);
  EXPECT_LT(impact.latency_ms.max, 1500) << dump(impact);
  EXPECT_GT(impact.queries, 0) << dump(impact);
  EXPECT_EQ(app_sessions(), 0);
}

TEST_F(AppLoadTest, CreateIndexConcurrentlyBlocksNoApplicationQuery) {
  AppLoadOptions load;
  load.long_transaction_ms = 500;
  LintResult r = simulate("CREATE INDEX CONCURRENTLY t_note ON t (note);\n",
                          "DROP INDEX CONCURRENTLY t_note;\n", load);
  const MigrationSimulation& sim = *r.migrations.at(0).simulation;
  EXPECT_FALSE(sim.error) << sim.error->message;
  const AppImpact impact = up_impact(r);
  // The application's reads and writes keep flowing (an idle read-committed transaction
  // holds no snapshot CREATE INDEX CONCURRENTLY would wait for).
  EXPECT_GT(impact.queries, 0) << dump(impact);
  EXPECT_EQ(impact.blocked, 0) << dump(impact);
  EXPECT_EQ(impact.failed, 0) << dump(impact);
  EXPECT_FALSE(impact.queued_behind_ddl) << dump(impact);
  EXPECT_EQ(impact.longest_blocked_ms, 0) << dump(impact);
}

TEST_F(AppLoadTest, NoSessionIsLeftBehindWhenTheReplayFails) {
  AppLoadOptions load;
  load.long_transaction_ms = 1000;
  load.lock_timeout_ms = 100;
  // The column exists already: the upgrade fails after its lock wait.
  LintResult r = simulate("ALTER TABLE t ADD COLUMN b int;\n", "SELECT 1;\n", load);
  const MigrationSimulation& sim = *r.migrations.at(0).simulation;
  ASSERT_TRUE(sim.error);
  EXPECT_EQ(app_sessions(), 0);
}

TEST(AppLoadOptionsTest, KindsParseAndBadValuesNameTheOption) {
  AppLoadOptions o;
  ASSERT_TRUE(parse_app_load_kinds("writes", o));
  EXPECT_FALSE(o.reads);
  EXPECT_TRUE(o.writes);
  ASSERT_TRUE(parse_app_load_kinds(" writes , reads", o));
  EXPECT_TRUE(o.reads && o.writes);
  Expected<void> bad = parse_app_load_kinds("reads,deletes", o);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("--app-load"), std::string::npos);
  EXPECT_FALSE(parse_app_load_kinds(",", o));
}

} // namespace
} // namespace pgdrydock
