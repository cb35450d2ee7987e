// How far the size-sweep estimates (simulate/estimate/fit.h) land from the truth.
//
// For each statement kind the issue names — CREATE INDEX on int8 and on text, ADD COLUMN with a
// volatile default, SET NOT NULL, ALTER COLUMN TYPE int -> bigint, VALIDATE CONSTRAINT (FK and
// CHECK), a whole-table UPDATE — a table is seeded (simulate/seed/seeder.h) at each fit size, the
// statements are replayed and measured with the product's replayer (simulate/replay/replayer.h) in
// a fixed order on that table, the time is fitted against rows, and the fit predicts the target
// size; then the target size is seeded and measured the same way. Printed: per statement the
// measured points, model, predicted, measured and relative error; then the median and maximum.
//
//   build-*/bench/estimate_accuracy                         # fit 125k,250k,500k,1M; target 5M
//   PGDRYDOCK_FIT_SIZES=10k,20k,40k PGDRYDOCK_TARGET=200k build-*/bench/estimate_accuracy
//
// As the product's sweep does (simulate/estimate/sweep.h), every size replays as a scale model of
// the target (simulate/estimate/scale_model.h): maintenance_work_mem, work_mem and max_wal_size of
// the sandbox's replay settings times rows / target rows, so WAL-triggered checkpoints come at the
// same fraction of the work at every size, and index builds without parallel workers at every size
// (the target included). The fit sizes are seeded and measured in PGDRYDOCK_REPEAT rounds (default
// 3) and the median per size and statement fitted; the target is measured once. Knobs for
// comparing: PGDRYDOCK_SCALE_MEMORY=0 (every size with the full replay memory),
// PGDRYDOCK_CHECKPOINT=1 (a CHECKPOINT before each measured statement; measured no better,
// bench/README.md), PGDRYDOCK_REPEAT=1.
//
// Slow (minutes): it loads and rewrites millions of rows. Not a Google Benchmark loop, since
// each measurement is one large statement; it links the benchmark library like the others.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lint/lint_driver.h"
#include "lint/migration.h"
#include "simulate/estimate/fit.h"
#include "simulate/estimate/scale_model.h"
#include "simulate/estimate/sweep.h"
#include "simulate/replay/replayer.h"
#include "simulate/sandbox/pg_session.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/sandbox/temp_dir.h"
#include "simulate/seed/seeder.h"

namespace {

using namespace pgdrydock;

constexpr const char* kSchema = R"SQL(
CREATE TABLE parent (id bigint PRIMARY KEY);
CREATE TABLE bench (
  id bigint PRIMARY KEY,
  k bigint NOT NULL,
  t text NOT NULL,
  n integer NOT NULL,
  v integer,
  -- Declared so the seeder generates valid keys; re-added NOT VALID before the measurement.
  parent_id bigint NOT NULL CONSTRAINT bench_parent_seeded REFERENCES parent (id)
);
)SQL";

struct Case {
  const char* name;
  const char* setup; // run plainly before the measured statement ("" when none)
  const char* sql;   // measured
};

// In this order on the same table at every size, so each statement meets the same state.
const std::vector<Case> kCases = {
    {"CREATE INDEX (int8)", "", "CREATE INDEX bench_k_idx ON bench (k)"},
    {"CREATE INDEX (text)", "", "CREATE INDEX bench_t_idx ON bench (t)"},
    {"ADD COLUMN volatile default", "",
     "ALTER TABLE bench ADD COLUMN r double precision DEFAULT random()"},
    {"SET NOT NULL", "UPDATE bench SET v = 0 WHERE v IS NULL",
     "ALTER TABLE bench ALTER COLUMN v SET NOT NULL"},
    {"ALTER TYPE int -> bigint", "", "ALTER TABLE bench ALTER COLUMN n TYPE bigint"},
    {"VALIDATE CONSTRAINT (FK)",
     "ALTER TABLE bench DROP CONSTRAINT bench_parent_seeded; "
     "ALTER TABLE bench ADD CONSTRAINT bench_parent_fk FOREIGN KEY (parent_id) REFERENCES "
     "parent (id) NOT VALID",
     "ALTER TABLE bench VALIDATE CONSTRAINT bench_parent_fk"},
    {"VALIDATE CONSTRAINT (CHECK)",
     "ALTER TABLE bench ADD CONSTRAINT bench_k_check CHECK (k >= 0) NOT VALID",
     "ALTER TABLE bench VALIDATE CONSTRAINT bench_k_check"},
    {"UPDATE whole table", "", "UPDATE bench SET k = k + 1"},
};

std::vector<long long> sizes_from_env(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return parse_sizes(value && *value ? value : fallback).value();
}

bool flag_from_env(const char* name, bool fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) != "0" : fallback;
}

struct Knobs {
  bool scale_memory = true;
  bool checkpoint = false;
  int repeat = 3;
};

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// The product's measured replay of one statement: lint it (effects to probe), replay it.
double measure(const std::string& sql, const std::string& conninfo, int pg_version,
               const std::filesystem::path& folder) {
  const auto file = folder / "case.sql";
  std::ofstream(file) << sql << ";\n";
  MigrationSet set = load_migrations({file.string()}, LoadOptions{});
  if (!set.errors.empty() || set.migrations.empty())
    throw std::runtime_error("cannot load " + sql);
  LintOptions lint;
  lint.pg_version = pg_version;
  lint.keep_all_statements = true;
  MigrationResult m = lint_migration(set.migrations.front(), lint);
  ReplayOptions replay;
  replay.conninfo = conninfo;
  replay.pg_version = pg_version;
  replay.statement_timeout_ms = 60LL * 60 * 1000;
  if (auto failure = replay_script(m.scripts.front(), replay))
    throw std::runtime_error(sql + ": " + failure->error.message);
  const auto& measured = m.scripts.front().statements.front().measured;
  return measured ? measured->duration_ms / 1000 : 0.0;
}

// Seeds a fresh copy of the schema at `rows` and measures every case; seconds per case.
// `sandbox` is the scale model: its conninfo carries the scaled memory while replaying.
std::vector<double> run_size(Sandbox& sandbox, const std::string& schema_db, long long rows,
                             const std::filesystem::path& folder, const Knobs& knobs) {
  const std::string db = sandbox.fresh_database_name("accuracy");
  sandbox.create_database(db, schema_db);
  sandbox.set_phase(SandboxPhase::Loading);
  SeedPlan plan;
  plan.default_rows = rows;
  plan.rows_per_table["public.parent"] = std::max(1LL, rows / 10);
  SeedReport seeded = seed_database(sandbox.conninfo(db), plan);
  if (!seeded.ok())
    throw std::runtime_error("seeding failed");
  sandbox.set_phase(SandboxPhase::Replaying);
  std::vector<double> seconds;
  for (const auto& c : kCases) {
    if (*c.setup) {
      PgSession s(sandbox.conninfo(db));
      if (auto e = s.exec(c.setup))
        throw std::runtime_error(std::string(c.setup) + ": " + e->message);
    }
    if (knobs.checkpoint) {
      // The same starting state at every size: nothing dirty left by the statements before,
      // and the first change of each page writes a full-page image.
      PgSession s(sandbox.conninfo(db));
      if (auto e = s.exec("CHECKPOINT"))
        throw std::runtime_error("CHECKPOINT: " + e->message);
    }
    seconds.push_back(measure(c.sql, sandbox.conninfo(db), sandbox.server_major_version(), folder));
    std::fprintf(stderr, "  %9lld rows  %-28s %9.3f s\n", rows, c.name, seconds.back());
  }
  sandbox.drop_database(db);
  return seconds;
}

} // namespace

int main() {
  try {
    const std::vector<long long> fit_sizes =
        sizes_from_env("PGDRYDOCK_FIT_SIZES", "125k,250k,500k,1M");
    const long long target =
        parse_row_count(std::getenv("PGDRYDOCK_TARGET") ? std::getenv("PGDRYDOCK_TARGET") : "5M")
            .value();
    const std::filesystem::path folder = make_private_temp_dir("pgdrydock-accuracy-", false);
    auto sandbox = Sandbox::start(SandboxOptions{});
    const std::string schema_db = sandbox->fresh_database_name("schema");
    sandbox->create_database(schema_db, "template0");
    {
      PgSession s(sandbox->conninfo(schema_db));
      if (auto e = s.exec(kSchema))
        throw std::runtime_error(e->message);
    }
    Knobs knobs;
    knobs.scale_memory = flag_from_env("PGDRYDOCK_SCALE_MEMORY", true);
    knobs.checkpoint = flag_from_env("PGDRYDOCK_CHECKPOINT", false);
    if (const char* repeat = std::getenv("PGDRYDOCK_REPEAT"); repeat && *repeat)
      knobs.repeat = std::atoi(repeat);
    knobs.repeat = std::max(1, knobs.repeat);
    ScaleModelSandbox model(*sandbox);
    auto use_memory_for = [&](long long rows) {
      if (!knobs.scale_memory)
        return;
      const MemorySettings m = scaled_memory(
          replay_memory_settings(), static_cast<double>(rows) / static_cast<double>(target));
      model.set_memory(m);
      std::fprintf(stderr, "%lld rows: maintenance_work_mem %s, max_wal_size %lld kB\n", rows,
                   session_memory_options(m).c_str(),
                   m.to_json()["max_wal_size_kb"].get<long long>());
    };
    // Rounds over all sizes rather than repeats of one size back to back: a stretch of load
    // from other processes then lands on every size alike instead of bending the curve.
    std::map<long long, std::vector<std::vector<double>>> rounds;
    for (int r = 0; r < knobs.repeat; ++r)
      for (long long rows : fit_sizes) {
        use_memory_for(rows);
        rounds[rows].push_back(run_size(model, schema_db, rows, folder, knobs));
      }
    std::map<long long, std::vector<double>> measured;
    for (const auto& [rows, runs] : rounds)
      for (std::size_t i = 0; i < kCases.size(); ++i) {
        std::vector<double> values;
        for (const auto& run : runs)
          values.push_back(run[i]);
        measured[rows].push_back(median_of(values));
      }
    use_memory_for(target);
    const std::vector<double> truth = run_size(model, schema_db, target, folder, knobs);

    std::printf("fit sizes:");
    for (long long rows : fit_sizes)
      std::printf(" %lld", rows);
    std::printf("; target %lld rows (PostgreSQL %s); scale model %s, CHECKPOINT before each "
                "statement %s, %d run(s) per fit size\n\n",
                target, sandbox->server_version().c_str(), knobs.scale_memory ? "on" : "off",
                knobs.checkpoint ? "on" : "off", knobs.repeat);
    std::printf("%-28s %-7s %8s %10s %10s %10s %8s %s\n", "statement", "model", "R2", "predicted",
                "low-high", "measured", "error", "points (s)");
    std::vector<std::string> alternatives;
    std::vector<double> errors;
    for (std::size_t i = 0; i < kCases.size(); ++i) {
      std::vector<SamplePoint> points;
      std::string listed;
      for (const auto& [rows, seconds] : measured) {
        points.push_back({static_cast<double>(rows), seconds[i]});
        listed += fmt::format(" {:.3f}", seconds[i]);
      }
      const Estimate e = estimate_at(fit_growth(points), static_cast<double>(target));
      // What the other choices would have said: each model forced, and a straight line
      // through the two largest sizes (the naive baseline the issue compares with).
      auto error_of = [&](double predicted) { return 100 * (predicted - truth[i]) / truth[i]; };
      const double t = static_cast<double>(target);
      const std::vector<SamplePoint> last_two(points.end() - 2, points.end());
      alternatives.push_back(
          fmt::format("{:<28} {:+7.1f}% {:+7.1f}% {:+7.1f}%", kCases[i].name,
                      error_of(fit_model(GrowthModel::Linear, points).predict(t)),
                      error_of(fit_model(GrowthModel::NLogN, points).predict(t)),
                      error_of(fit_model(GrowthModel::Linear, last_two).predict(t))));
      const double error = std::abs(e.seconds - truth[i]) / truth[i];
      errors.push_back(error);
      std::printf("%-28s %-7s %8.4f %9.2fs %4.1f-%-5.1f %9.2fs %7.1f%%%s%s\n", kCases[i].name,
                  to_string(e.fit.model).c_str(), e.fit.r2, e.seconds, e.low, e.high, truth[i],
                  100 * error, listed.c_str(),
                  truth[i] >= e.low && truth[i] <= e.high ? "" : "  (outside range)");
    }
    std::vector<double> sorted = errors;
    std::sort(sorted.begin(), sorted.end());
    const double median = median_of(errors);
    std::printf("\nsigned error of each alternative:\n%-28s %8s %8s %8s\n", "statement", "linear",
                "nlogn", "2-point");
    for (const auto& line : alternatives)
      std::printf("%s\n", line.c_str());
    std::printf(
        "\nmedian relative error %.1f%%, max %.1f%% (target: median <= 10%%, none > 25%%)\n",
        100 * median, 100 * sorted.back());
    sandbox->stop();
    remove_tree(folder.string());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "estimate_accuracy: %s\n", e.what());
    return 2;
  }
}
