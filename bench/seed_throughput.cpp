// Seeding rows/s against a raw text COPY of the same rows on the same server, in one run.
//
// A table of 10 mixed columns is seeded with seed_database (catalog read + generation + COPY,
// no ANALYZE); the rows it produced are exported once with COPY TO STDOUT, and the raw
// benchmark loads exactly those bytes with COPY FROM STDIN. The table is truncated before
// every iteration. The last line prints seeder time / raw COPY time per row.
//
// BM_SeedProductionShape seeds the same table with production statistics (--stats): nullable
// columns get NULLs, text the production width, columns a limited number of distinct values.
// Its rows are exported too and loaded by BM_RawTextCopyProductionShape, so the second ratio
// compares the shaped seeder with a raw COPY of exactly the rows it produced.
//
// Runs on a sandbox cluster; PGDRYDOCK_BENCH_DSN=postgresql://... uses a scratch database on
// that server instead.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <libpq-fe.h>

#include "lint/table_stats.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/seed/seeder.h"

namespace {

constexpr long long bench_rows = 200'000;

constexpr const char* bench_schema = R"SQL(
CREATE TYPE bench_status AS ENUM ('new', 'active', 'suspended', 'closed');
CREATE TABLE bench_rows (
  id bigint PRIMARY KEY,
  account_id integer NOT NULL,
  email varchar(80) NOT NULL,
  amount numeric(12, 2) NOT NULL CHECK (amount > 0),
  created_at timestamptz NOT NULL,
  status bench_status NOT NULL,
  is_active boolean NOT NULL,
  score double precision,
  external_id uuid NOT NULL,
  payload jsonb
);
)SQL";

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;

Connection connect(const std::string& conninfo) {
  Connection connection(PQconnectdb(conninfo.c_str()), &PQfinish);
  if (PQstatus(connection.get()) != CONNECTION_OK) {
    std::fprintf(stderr, "seed_throughput: %s", PQerrorMessage(connection.get()));
    std::exit(2);
  }
  return connection;
}

void run(PGconn* connection, const char* sql) {
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(connection, sql), &PQclear);
  const auto status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    std::fprintf(stderr, "seed_throughput: %s: %s", sql, PQerrorMessage(connection));
    std::exit(2);
  }
}

struct Environment {
  std::unique_ptr<pgdrydock::Sandbox> sandbox;
  std::string database;
  std::string conninfo;
  std::string exported_rows;                    // the seeder's rows as COPY text
  double seeder_seconds_per_row = 0;            // default: parallel COPY streams
  double one_stream_seeder_seconds_per_row = 0; // streams = 1, like the raw COPY
  double one_stream_copy_seconds_per_row = 0;   // of which the table's fill (COPY) phase
  double raw_seconds_per_row = 0;
  std::string shaped_rows; // the production-shaped seeder's rows as COPY text
  double shaped_seeder_seconds_per_row = 0;
  double shaped_raw_seconds_per_row = 0;
};

// Production statistics for bench_rows: what a 50 M-row table of this shape could report.
const pgdrydock::StatsFile& production_stats() {
  static const pgdrydock::StatsFile stats = [] {
    // Correlation: a serial key and its creation time lie in insertion order (1), the rest in
    // no order (0), which the seeder reproduces by shuffling those columns' values.
    auto column = [](const char* name, double null_frac, double width, double distinct) {
      const std::string n = name;
      const double correlation = n == "id" || n == "created_at" ? 1 : 0;
      return pgdrydock::ColumnStats{name, "", null_frac, width, distinct, correlation, true};
    };
    pgdrydock::TableStats table;
    table.schema = "public";
    table.name = "bench_rows";
    table.reltuples = 50e6;
    table.columns = {column("id", 0, 8, -1),
                     column("account_id", 0, 4, -0.02),
                     column("email", 0, 31, -0.9),
                     column("amount", 0, 6, -0.3),
                     column("created_at", 0, 8, -0.95),
                     column("status", 0, 4, 4),
                     column("is_active", 0, 1, 2),
                     column("score", 0.35, 8, -0.5),
                     column("external_id", 0, 16, -1),
                     column("payload", 0.6, 44, -0.4)};
    pgdrydock::StatsFile file;
    file.tables.push_back(std::move(table));
    return file;
  }();
  return stats;
}

Environment& environment() {
  static Environment env;
  return env;
}

void set_up() {
  Environment& env = environment();
  pgdrydock::SandboxOptions options;
  if (const char* dsn = std::getenv("PGDRYDOCK_BENCH_DSN"))
    options.dsn = dsn;
  env.sandbox = pgdrydock::Sandbox::start(options);
  env.database = env.sandbox->fresh_database_name("seed_bench");
  env.sandbox->create_database(env.database, "template0");
  env.conninfo = env.sandbox->conninfo(env.database);
  Connection connection = connect(env.conninfo);
  run(connection.get(), bench_schema);
}

void truncate_table() {
  Connection connection = connect(environment().conninfo);
  run(connection.get(), "TRUNCATE bench_rows");
  run(connection.get(), "CHECKPOINT");
}

// state.range(0): SeedPlan::streams (0 = the default, one per core).
void BM_SeedDatabase(benchmark::State& state) {
  Environment& env = environment();
  pgdrydock::SeedPlan plan;
  plan.default_rows = bench_rows;
  plan.analyze = false;
  plan.streams = static_cast<int>(state.range(0));
  double seconds = 0;
  double copy_seconds = 0;
  for (auto _ : state) {
    state.PauseTiming();
    truncate_table();
    state.ResumeTiming();
    const auto report = pgdrydock::seed_database(env.conninfo, plan);
    if (!report.ok()) {
      state.SkipWithError(report.tables.front().error.c_str());
      return;
    }
    seconds += report.seconds;
    copy_seconds += report.tables.front().seconds;
  }
  if (plan.streams == 1)
    env.one_stream_copy_seconds_per_row =
        copy_seconds / static_cast<double>(state.iterations() * bench_rows);
  (plan.streams == 1 ? env.one_stream_seeder_seconds_per_row : env.seeder_seconds_per_row) =
      seconds / static_cast<double>(state.iterations() * bench_rows);
  state.counters["rows_per_s"] = benchmark::Counter(static_cast<double>(bench_rows),
                                                    benchmark::Counter::kIsIterationInvariantRate);
}

void BM_SeedProductionShape(benchmark::State& state) {
  Environment& env = environment();
  pgdrydock::SeedPlan plan;
  plan.default_rows = bench_rows;
  plan.analyze = false;
  plan.stats = &production_stats();
  double seconds = 0;
  for (auto _ : state) {
    state.PauseTiming();
    truncate_table();
    state.ResumeTiming();
    const auto report = pgdrydock::seed_database(env.conninfo, plan);
    if (!report.ok()) {
      state.SkipWithError(report.tables.front().error.c_str());
      return;
    }
    seconds += report.seconds;
  }
  env.shaped_seeder_seconds_per_row =
      seconds / static_cast<double>(state.iterations() * bench_rows);
  state.counters["rows_per_s"] = benchmark::Counter(static_cast<double>(bench_rows),
                                                    benchmark::Counter::kIsIterationInvariantRate);
}

void export_rows_to(std::string& out) {
  Environment& env = environment();
  Connection connection = connect(env.conninfo);
  std::unique_ptr<PGresult, decltype(&PQclear)> started(
      PQexec(connection.get(), "COPY bench_rows TO STDOUT"), &PQclear);
  if (PQresultStatus(started.get()) != PGRES_COPY_OUT)
    std::exit(2);
  char* line = nullptr;
  int length;
  while ((length = PQgetCopyData(connection.get(), &line, 0)) > 0) {
    out.append(line, static_cast<size_t>(length));
    PQfreemem(line);
  }
  while (PGresult* rest = PQgetResult(connection.get()))
    PQclear(rest);
}

// Loads `rows` (COPY text) into the truncated table; returns seconds per row.
double raw_copy(benchmark::State& state, const std::string& rows) {
  Environment& env = environment();
  constexpr size_t chunk = 256 * 1024;
  double seconds = 0;
  for (auto _ : state) {
    state.PauseTiming();
    truncate_table();
    Connection connection = connect(env.conninfo);
    state.ResumeTiming();
    const auto start = std::chrono::steady_clock::now();
    std::unique_ptr<PGresult, decltype(&PQclear)> started(
        PQexec(connection.get(), "COPY bench_rows FROM STDIN"), &PQclear);
    for (size_t offset = 0; offset < rows.size(); offset += chunk) {
      const size_t size = std::min(chunk, rows.size() - offset);
      PQputCopyData(connection.get(), rows.data() + offset, static_cast<int>(size));
    }
    PQputCopyEnd(connection.get(), nullptr);
    while (PGresult* result = PQgetResult(connection.get())) {
      if (PQresultStatus(result) != PGRES_COMMAND_OK)
        state.SkipWithError(PQresultErrorMessage(result));
      PQclear(result);
    }
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  state.counters["rows_per_s"] = benchmark::Counter(static_cast<double>(bench_rows),
                                                    benchmark::Counter::kIsIterationInvariantRate);
  return seconds / static_cast<double>(state.iterations() * bench_rows);
}

void BM_RawTextCopy(benchmark::State& state) {
  Environment& env = environment();
  if (env.exported_rows.empty())
    export_rows_to(env.exported_rows);
  env.raw_seconds_per_row = raw_copy(state, env.exported_rows);
}

// Runs right after BM_SeedProductionShape: the table still holds the shaped rows.
void BM_RawTextCopyProductionShape(benchmark::State& state) {
  Environment& env = environment();
  if (env.shaped_rows.empty())
    export_rows_to(env.shaped_rows);
  env.shaped_raw_seconds_per_row = raw_copy(state, env.shaped_rows);
}

} // namespace

// Seeding first: the raw benchmark loads the rows the seeder produced.
BENCHMARK(BM_SeedDatabase)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5)
    ->UseRealTime();
BENCHMARK(BM_RawTextCopy)->Unit(benchmark::kMillisecond)->Iterations(5)->UseRealTime();
BENCHMARK(BM_SeedProductionShape)->Unit(benchmark::kMillisecond)->Iterations(5)->UseRealTime();
BENCHMARK(BM_RawTextCopyProductionShape)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5)
    ->UseRealTime();

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  set_up();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  const Environment& env = environment();
  if (env.seeder_seconds_per_row > 0 && env.raw_seconds_per_row > 0)
    std::printf("seeder %.0f rows/s, raw text COPY %.0f rows/s: seeder speed / raw speed = %.2f\n",
                1 / env.seeder_seconds_per_row, 1 / env.raw_seconds_per_row,
                env.raw_seconds_per_row / env.seeder_seconds_per_row);
  if (env.one_stream_seeder_seconds_per_row > 0 && env.raw_seconds_per_row > 0)
    std::printf("one COPY stream: seeder %.0f rows/s: seeder speed / raw speed = %.2f\n",
                1 / env.one_stream_seeder_seconds_per_row,
                env.raw_seconds_per_row / env.one_stream_seeder_seconds_per_row);
  if (env.one_stream_copy_seconds_per_row > 0 && env.raw_seconds_per_row > 0)
    std::printf("one COPY stream, fill phase only (no connect, no catalog read): %.0f rows/s: "
                "ratio = %.2f\n",
                1 / env.one_stream_copy_seconds_per_row,
                env.raw_seconds_per_row / env.one_stream_copy_seconds_per_row);
  if (env.shaped_seeder_seconds_per_row > 0 && env.shaped_raw_seconds_per_row > 0)
    std::printf("production shape (--stats): seeder %.0f rows/s, raw text COPY of the same rows "
                "%.0f rows/s: seeder speed / raw speed = %.2f\n",
                1 / env.shaped_seeder_seconds_per_row, 1 / env.shaped_raw_seconds_per_row,
                env.shaped_raw_seconds_per_row / env.shaped_seeder_seconds_per_row);
  environment().sandbox->stop();
  return 0;
}
