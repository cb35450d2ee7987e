// Replay overhead: the same script replayed plainly and instrumented (locks, relfilenodes,
// blocking probe, prediction comparison). The counter per_statement_ms is wall time divided by
// the statement count; the difference between the two runs is the instrumentation's cost.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <benchmark/benchmark.h>
#include <pqxx/pqxx>

#include "lint/lint_driver.h"
#include "simulate/replay/replayer.h"
#include "simulate/sandbox/pg_client.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/sandbox/temp_dir.h"

namespace {

using namespace pgdrydock;

constexpr int kStatements = 40;

struct Fixture {
  std::unique_ptr<Sandbox> sandbox;
  std::string base;
  MigrationResult migration;
  std::string folder;

  Fixture() {
    sandbox = Sandbox::start({});
    sandbox->set_phase(SandboxPhase::Replaying);
    base = sandbox->fresh_database_name("base");
    sandbox->create_database(base, "template0");
    {
      PgClient c(sandbox->conninfo(base));
      pqxx::work tx(c.connection());
      tx.exec("CREATE TABLE accounts(id bigint PRIMARY KEY, balance int NOT NULL); "
              "INSERT INTO accounts SELECT g, g % 100 FROM generate_series(1, 1000) g");
      tx.commit();
    }
    folder = make_private_temp_dir("pgdrydock-bench-", false);
    std::ofstream sql(folder + "/script.sql");
    // Cheap catalog-only statements, so the instrumentation's share is what shows.
    for (int i = 0; i < kStatements; ++i)
      sql << (i % 2 == 0 ? "ALTER TABLE accounts ADD COLUMN c" + std::to_string(i) + " int;\n"
                         : "COMMENT ON TABLE accounts IS 'v" + std::to_string(i) + "';\n");
    sql.close();
    MigrationSet set = load_migrations({folder + "/script.sql"}, LoadOptions{});
    LintOptions lint;
    migration = lint_migration(set.migrations.at(0), lint);
  }
  ~Fixture() { remove_tree(folder); }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

// One replay of the script in a fresh copy of the base database; milliseconds of replay_script.
double replay_once(Fixture& f, bool measure, bool flush_commits) {
  const std::string db = f.sandbox->fresh_database_name("run");
  f.sandbox->create_database(db, f.base);
  ScriptResult script = f.migration.scripts.front();
  ReplayOptions options;
  options.conninfo = f.sandbox->conninfo(db);
  // Both replays commit once per statement; without the flush (a shared disk's fsync latency
  // swings by milliseconds), what is left of the difference is the instrumentation's own work.
  if (!flush_commits)
    options.conninfo += " options='-c synchronous_commit=off'";
  options.measure = measure;
  const auto t0 = std::chrono::steady_clock::now();
  auto failure = replay_script(script, options);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  f.sandbox->drop_database(db);
  if (failure)
    throw std::runtime_error(failure->error.message);
  return ms;
}

void replay(benchmark::State& state, bool measure) {
  Fixture& f = fixture();
  double replay_ms = 0;
  for (auto _ : state)
    replay_ms += replay_once(f, measure, true);
  state.counters["per_statement_ms"] =
      replay_ms / static_cast<double>(state.iterations()) / kStatements;
}

void BM_ReplayPlain(benchmark::State& state) {
  replay(state, false);
}
void BM_ReplayInstrumented(benchmark::State& state) {
  replay(state, true);
}

// Plain and instrumented replays alternate within one benchmark, so a change in the machine's
// load hits both alike; the counters give each per statement and the difference (the target:
// under 1 ms added per statement). Argument: 1 = commits flushed as the replay phase does,
// 0 = synchronous_commit off for both.
void BM_ReplayAdded(benchmark::State& state) {
  Fixture& f = fixture();
  const bool flush = state.range(0) != 0;
  double plain = 0, instrumented = 0;
  for (auto _ : state) {
    plain += replay_once(f, false, flush);
    instrumented += replay_once(f, true, flush);
  }
  const double per = static_cast<double>(state.iterations()) * kStatements;
  state.counters["plain_ms"] = plain / per;
  state.counters["instrumented_ms"] = instrumented / per;
  state.counters["added_ms"] = (instrumented - plain) / per;
}

} // namespace

BENCHMARK(BM_ReplayPlain)->Unit(benchmark::kMillisecond)->Iterations(10)->UseRealTime();
BENCHMARK(BM_ReplayInstrumented)->Unit(benchmark::kMillisecond)->Iterations(10)->UseRealTime();
BENCHMARK(BM_ReplayAdded)
    ->Arg(1)
    ->Arg(0)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(20)
    ->UseRealTime();
BENCHMARK_MAIN();
