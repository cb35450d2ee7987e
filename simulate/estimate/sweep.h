// `pgdrydock simulate --sizes 10k,100k,1M`: the simulation run once per size (a fresh seeded
// database per size, one sandbox), the measured points of each statement gathered, fitted
// (simulate/estimate/fit.h) and extrapolated to the production row count of the table the
// statement works on. Then an optional budget gate (--max-lock, --max-duration).
//
// Added to StatementResult::measured of the largest run (so JSON carries them):
//   "target_table": "public.orders",
//   "sweep": [{"rows", "seconds", "lock_seconds", "blocked_reads_seconds",
//              "blocked_writes_seconds"}, ...]   (ascending rows)
//   "fit": {"model", "intercept", "slope", "fit_r2", "points", "poor_fit"}   (seconds vs rows)
//   "lock_fit", "blocked_reads_fit", "blocked_writes_fit": the same for the other measures
//   "estimate": {"rows", "seconds", "low", "high", "model", "fit_r2", ...}  (when target rows
//   "lock_estimate", "blocked_reads_estimate", "blocked_writes_estimate"      are known)
// and to MigrationResult::simulation: "sizes": [...], "scale_model" (null when memory was not
// scaled, else {"target_rows", "target_memory": {...}, "sizes": [{"rows", "ratio",
// "maintenance_work_mem_kb", "work_mem_kb", "max_wal_size_kb"}, ...]}), and "budget" when a
// budget is given.
//
// Lock hold: a statement that takes a lock blocking writes holds it until its transaction
// ends, so in a transaction block its hold time runs to the COMMIT (later statements and the
// commit included); outside one it is the statement's own time.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lint/lint_result.h"
#include "lint/migration.h"
#include "simulate/estimate/scale_model.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/simulator.h"

namespace pgdrydock {

struct SweepOptions {
  // Ascending. Each becomes the seed plan's default_rows: rows per table, or with --stats
  // (SeedPlan::stats) the largest table's rows, the seeder keeping the others' proportions.
  std::vector<long long> sizes;
  // Production rows per table to extrapolate to: "schema.table" or a bare "table" name.
  std::map<std::string, double> target_rows;
  // Scale model (simulate/estimate/scale_model.h): each size replays with the target memory scaled
  // by size / the largest target rows, so small sizes spill, batch and checkpoint as the target
  // would. Only when target rows are known.
  bool scale_memory = true;
  // The target memory: production's settings when the statistics file carries them, else the
  // sandbox's replay settings.
  std::optional<MemorySettings> production_memory;
};

// Production row counts from the statistics file as target rows, where --target-rows did
// not name the table already.
struct StatsFile;
void use_stats(SweepOptions& sweep, const StatsFile& stats);

// Sizes used when a budget or target rows are given without --sizes.
const std::vector<long long>& default_sweep_sizes();

// "10k,100k,1M" -> {10000, 100000, 1000000}, sorted, duplicates removed. k = 1e3, M = 1e6,
// G = 1e9 (decimals allowed: "2.5M"). A usage Error with a one-line message otherwise.
Expected<std::vector<long long>> parse_sizes(const std::string& text);
Expected<long long> parse_row_count(const std::string& text);
// "table=N" or "schema.table=N" (N with the suffixes above); a usage Error otherwise.
Expected<void> add_target_rows_option(std::map<std::string, double>& targets,
                                      const std::string& argument);
// The seed plan for one size of the sweep: `base` with default_rows = size (per-table --rows
// overrides stay as given).
SeedPlan plan_for_size(const SeedPlan& base, long long size);

LintResult simulate_sweep(const MigrationSet& set, Sandbox& sandbox, const SimulateOptions& options,
                          const SweepOptions& sweep);

struct Budget {
  std::optional<double> max_lock_seconds;     // --max-lock
  std::optional<double> max_duration_seconds; // --max-duration
  bool any() const { return max_lock_seconds || max_duration_seconds; }
};

// Compares each estimate's HIGH end (the pessimistic side of the range) with the budget;
// records simulation["budget"] = {"max_lock_seconds", "max_duration_seconds", "violations",
// "unestimated"} per migration and returns the violations, one sentence each, naming the
// statement (migration, file:line, first line of its text).
std::vector<std::string> apply_budget(LintResult& result, const Budget& budget);

} // namespace pgdrydock
