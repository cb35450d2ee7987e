// Catalog replay cost: linting the newest migration of a generated 1,000-migration history
// (every earlier up script replayed into the in-memory catalog first) against linting that
// migration alone, file loading included; and the whole history with and without the catalog.
// Results: bench/README.md, section "catalog".
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "lint/catalog/replay.h"
#include "lint/lint_driver.h"
#include "lint/sql_parser.h"
#include "tests/catalog/catalog_helpers.h"
#include "tests/catalog/random_history.h"
#include "tests/common/temp_folder.h"

namespace {

using namespace pgdrydock;

constexpr int kMigrations = 1000;

// A plain folder of kMigrations .sql files, generated once per process.
struct History {
  std::string folder;
  std::string newest;

  // PGDRYDOCK_BENCH_HISTORY_DIR=<dir>: write the history there and keep it (to time the
  // whole `pgdrydock lint` process on it).
  std::optional<testing::TempFolder> temp; // otherwise: removed with the process's History

  History() {
    if (const char* dir = std::getenv("PGDRYDOCK_BENCH_HISTORY_DIR")) {
      folder = dir;
      std::filesystem::create_directories(folder);
    } else {
      temp.emplace();
      folder = temp->str();
    }
    testing::RandomHistory generator(42);
    Catalog model;
    model.trusted = true;
    ParseSession parser;
    for (int i = 1; i <= kMigrations; ++i) {
      std::string sql = generator.next(model);
      replay_script(model, testing::script_of(sql), parser);
      newest = fmt::format("{}/{:04d}_migration.sql", folder, i);
      std::ofstream(newest) << sql;
    }
  }
};

History& history() {
  static History h;
  return h;
}

LintResult lint_paths(const std::vector<std::string>& paths, const LintOptions& options) {
  MigrationSet set = load_migrations(paths, {});
  return lint_migrations(set, options);
}

void BM_NewestAlone(benchmark::State& state) {
  History& h = history();
  LintOptions options;
  for (auto _ : state)
    benchmark::DoNotOptimize(lint_paths({h.newest}, options));
}
BENCHMARK(BM_NewestAlone)->Unit(benchmark::kMillisecond);

void BM_NewestWithHistory(benchmark::State& state) {
  History& h = history();
  LintOptions options;
  options.first_linted = kMigrations - 1;
  for (auto _ : state) {
    LintResult r = lint_paths({h.folder}, options);
    if (r.migrations.size() != 1)
      state.SkipWithError("expected only the newest migration in the result");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_NewestWithHistory)->Unit(benchmark::kMillisecond);

void BM_WholeHistoryWithCatalog(benchmark::State& state) {
  History& h = history();
  LintOptions options;
  options.keep_all_statements = false;
  for (auto _ : state)
    benchmark::DoNotOptimize(lint_paths({h.folder}, options));
}
BENCHMARK(BM_WholeHistoryWithCatalog)->Unit(benchmark::kMillisecond);

void BM_WholeHistoryWithoutCatalog(benchmark::State& state) {
  History& h = history();
  LintOptions options;
  options.keep_all_statements = false;
  options.use_catalog = false;
  for (auto _ : state)
    benchmark::DoNotOptimize(lint_paths({h.folder}, options));
}
BENCHMARK(BM_WholeHistoryWithoutCatalog)->Unit(benchmark::kMillisecond);

// The replay alone: parse + apply of 1,000 up scripts.
void BM_ReplayOnly(benchmark::State& state) {
  History& h = history();
  MigrationSet set = load_migrations({h.folder}, {});
  for (auto _ : state)
    benchmark::DoNotOptimize(replay_history(set.migrations, nullptr, set.migrations.size()));
}
BENCHMARK(BM_ReplayOnly)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
