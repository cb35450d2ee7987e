// Replay overhead: the same script replayed plainly and instrumented (locks, relfilenodes,
// blocking probe, prediction comparison). The counter per_statement_ms is wall time divided by
// the statement count; the difference between the two runs is the instrumentation's cost.
#include <chrono>
#include <filesystem>
#include <fstream>

#include <benchmark/benchmark.h>
#include <pqxx/pqxx>

#include "lint/lint_driver.h"
#include "simulate/replayer.h"
#include "simulate/sandbox.h"
#include "simulate/temp_dir.h"

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
      pqxx::connection c(sandbox->conninfo(base));
      pqxx::work tx(c);
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

void replay(benchmark::State& state, bool measure) {
  Fixture& f = fixture();
  double replay_ms = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string db = f.sandbox->fresh_database_name("run");
    f.sandbox->create_database(db, f.base);
    ScriptResult script = f.migration.scripts.front();
    ReplayOptions options;
    options.conninfo = f.sandbox->conninfo(db);
    options.measure = measure;
    state.ResumeTiming();
    const auto t0 = std::chrono::steady_clock::now();
    auto failure = replay_script(script, options);
    replay_ms +=
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    state.PauseTiming();
    if (failure)
      state.SkipWithError(failure->error.message.c_str());
    f.sandbox->drop_database(db);
    state.ResumeTiming();
  }
  state.counters["per_statement_ms"] =
      replay_ms / static_cast<double>(state.iterations()) / kStatements;
}

void BM_ReplayPlain(benchmark::State& state) {
  replay(state, false);
}
void BM_ReplayInstrumented(benchmark::State& state) {
  replay(state, true);
}

} // namespace

BENCHMARK(BM_ReplayPlain)->Unit(benchmark::kMillisecond)->Iterations(10)->UseRealTime();
BENCHMARK(BM_ReplayInstrumented)->Unit(benchmark::kMillisecond)->Iterations(10)->UseRealTime();
BENCHMARK_MAIN();
