// Simulating a history (issue 13): --only replays nothing after its last target, targets an
// earlier failure makes unreachable are reported as not run, an --only naming no migration is a
// usage error naming the nearest versions, --schema is restored as the starting state, and a
// changed definition is shown by its difference. Real PostgreSQL through the sandbox.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "reports/report_format.h"
#include "simulate/check/difference_text.h"
#include "simulate/only_targets.h"
#include "simulate/result/simulation_json.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/simulator.h"
#include "tests/common/run_command.h"

namespace pgdrydock {
namespace {

namespace fs = std::filesystem;

std::string fixture(const std::string& name) {
  return std::string(PGDRYDOCK_TEST_DIR) + "/fixtures/history/" + name;
}

MigrationSet load(const std::string& folder) {
  MigrationSet set = load_migrations({folder}, LoadOptions{});
  EXPECT_TRUE(set.errors.empty());
  return set;
}

class History : public ::testing::Test {
protected:
  static void SetUpTestSuite() { sandbox_ = Sandbox::start({}).release(); }
  static void TearDownTestSuite() {
    delete sandbox_;
    sandbox_ = nullptr;
  }
  SimulateOptions options(std::set<std::string> only) const {
    SimulateOptions o;
    o.lint.pg_version = sandbox_->server_major_version();
    o.lint.keep_all_statements = true;
    o.seed.default_rows = 50;
    o.only = std::move(only);
    return o;
  }
  static Sandbox* sandbox_;
};
Sandbox* History::sandbox_ = nullptr;

TEST_F(History, OnlyReplaysNothingAfterItsLastTarget) {
  // Migration 2 sleeps 20 s: a run of --only 1 that replayed it would take that long.
  const fs::path dir =
      fs::temp_directory_path() / ("pgdrydock-history-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "1_t.up.sql") << "CREATE TABLE t (id int PRIMARY KEY);\n";
  std::ofstream(dir / "1_t.down.sql") << "DROP TABLE t;\n";
  std::ofstream(dir / "2_slow.up.sql") << "SELECT pg_sleep(20);\n";
  std::ofstream(dir / "2_slow.down.sql") << "SELECT 1;\n";
  const auto start = std::chrono::steady_clock::now();
  LintResult r = simulate_migrations(load(dir.string()), *sandbox_, options({"1"}));
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fs::remove_all(dir);
  ASSERT_EQ(r.migrations.size(), 1u);
  ASSERT_TRUE(r.migrations[0].simulation);
  EXPECT_FALSE(r.migrations[0].simulation->error);
  EXPECT_TRUE(r.migrations[0].simulation->reversible);
  EXPECT_LT(seconds, 15.0);
}

TEST_F(History, TargetsAfterAFailureAreReportedAsNotRun) {
  LintResult r =
      simulate_migrations(load(fixture("broken_middle")), *sandbox_, options({"1", "3"}));
  ASSERT_EQ(r.migrations.size(), 2u);
  EXPECT_EQ(r.migrations[0].version, "1");
  EXPECT_FALSE(r.migrations[0].simulation->not_run);
  EXPECT_TRUE(r.migrations[0].simulation->reversible);
  EXPECT_EQ(r.migrations[1].version, "3");
  const MigrationSimulation& sim = *r.migrations[1].simulation;
  EXPECT_TRUE(sim.not_run);
  ASSERT_TRUE(sim.error);
  EXPECT_NE(sim.error->message.find("not run: baseline: migration 2 fails at"), std::string::npos)
      << sim.error->message;
  EXPECT_NE(sim.error->message.find("already exists"), std::string::npos) << sim.error->message;
  EXPECT_EQ(simulation_exit_code(r, false), 1);
  const std::string text = find_renderer("simulation-text")->render(r, RenderOptions{});
  EXPECT_NE(text.find("NOT RUN"), std::string::npos) << text;
}

TEST_F(History, SchemaDumpIsTheStartingState) {
  SimulateOptions o = options({});
  o.schema_path = fixture("start_schema.sql");
  LintResult r = simulate_migrations(load(fixture("dump_start")), *sandbox_, o);
  ASSERT_EQ(r.migrations.size(), 1u);
  const MigrationSimulation& sim = *r.migrations[0].simulation;
  EXPECT_FALSE(sim.error) << sim.error->message;
  EXPECT_TRUE(sim.reversible);
  // The dump's table was there to be seeded before the migration ran.
  ASSERT_TRUE(sim.seed);
  EXPECT_EQ(sim.seed->tables.at("public.accounts"), 50);

  // Without it the ALTER has nothing to alter.
  LintResult bare = simulate_migrations(load(fixture("dump_start")), *sandbox_, options({}));
  ASSERT_TRUE(bare.migrations[0].simulation->error);
}

TEST_F(History, ASchemaDumpTheServerRejectsNamesItsLine) {
  SimulateOptions o = options({});
  o.schema_path = fixture("bad_schema.sql");
  try {
    simulate_migrations(load(fixture("dump_start")), *sandbox_, o);
    FAIL() << "a dump the server rejects must stop the run";
  } catch (const ErrorException& e) {
    EXPECT_EQ(e.error().kind, ErrorKind::Input);
    EXPECT_EQ(e.error().file, fixture("bad_schema.sql"));
    EXPECT_EQ(e.error().line, 5);
    EXPECT_NE(e.error().message.find("no_such_table"), std::string::npos) << e.error().message;
  }
}

TEST_F(History, ATableLeftEmptyIsReportedAndItsTimingsAreNotAtSize) {
  LintResult r = simulate_migrations(load(fixture("empty_table")), *sandbox_, options({"2"}));
  ASSERT_EQ(r.migrations.size(), 1u);
  const MigrationSimulation& sim = *r.migrations[0].simulation;
  ASSERT_EQ(sim.empty_tables.size(), 1u);
  EXPECT_NE(sim.empty_tables[0].find("public.t: "), std::string::npos) << sim.empty_tables[0];
  EXPECT_NE(sim.empty_tables[0].find("point"), std::string::npos) << sim.empty_tables[0];
  const StatementResult& alter = r.migrations[0].scripts.front().statements.at(0);
  ASSERT_TRUE(alter.measured);
  ASSERT_TRUE(alter.measured->not_measured_at_size);
  EXPECT_NE(alter.measured->not_measured_at_size->find("table public.t has 0 rows"),
            std::string::npos);
  const std::string json = json_or_null(alter.measured).dump();
  EXPECT_NE(json.find("\"not_measured_at_size\""), std::string::npos) << json;
  const std::string md = find_renderer("markdown")->render(r, RenderOptions{});
  EXPECT_NE(md.find("left at 0 rows"), std::string::npos) << md;
}

TEST(OnlyTargets, AVersionThatDoesNotExistNamesTheNearestOnes) {
  MigrationSet set = load(fixture("broken_middle"));
  EXPECT_TRUE(check_only_targets(set, {"3"}));
  EXPECT_TRUE(check_only_targets(set, {"t_again"})); // by name
  Expected<void> bad = check_only_targets(set, {"1", "999"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::Usage);
  EXPECT_NE(bad.error().message.find("--only 999: no migration"), std::string::npos);
  EXPECT_NE(bad.error().message.find("nearest versions: 2, 3"), std::string::npos)
      << bad.error().message;
  EXPECT_EQ(migrations_to_visit(set, {"2"}), 2u);
  EXPECT_EQ(migrations_to_visit(set, {}), 3u);
}

TEST(OnlyTargets, TheCommandExitsTwoBeforeStartingAServer) {
  test::CapturedRun run =
      test::run_captured({PGDRYDOCK_BINARY, "simulate", fixture("broken_middle"), "--only", "999"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("nearest versions: 2, 3"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("sandbox"), std::string::npos) << run.err;
  EXPECT_TRUE(run.out.empty());
}

TEST(DifferenceText, ShowsWhereLongDefinitionsDiffer) {
  const std::string head(300, 'a'), tail(300, 'z');
  const auto [was, now] = differing_parts(head + "timestamp with time zone" + tail,
                                          head + "timestamp without time zone" + tail);
  EXPECT_NE(was.find("with time zone"), std::string::npos) << was;
  EXPECT_NE(now.find("without time zone"), std::string::npos) << now;
  EXPECT_LT(was.size(), 130u);
  EXPECT_EQ(was.rfind("…", 0), 0u);
  // Short ones stay whole.
  const auto [a, b] = differing_parts("integer", "bigint");
  EXPECT_EQ(a, "integer");
  EXPECT_EQ(b, "bigint");
}

TEST(DifferenceText, MarkdownKeepsTheReasonReadable) {
  LintResult r;
  MigrationResult m;
  m.version = "1";
  m.has_down = true;
  MigrationSimulation sim;
  sim.schema_diff.push_back("column public.crates.updated_at changed after downgrade: was "
                            "\"timestamp with time zone\", now \"timestamp without time zone\"");
  m.simulation = sim;
  r.migrations.push_back(m);
  const std::string md = find_renderer("markdown")->render(r, RenderOptions{});
  EXPECT_NE(md.find("now \"timestamp without time zone\""), std::string::npos) << md;
}

} // namespace
} // namespace pgdrydock
