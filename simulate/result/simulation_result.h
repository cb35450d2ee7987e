// What `pgdrydock simulate` found, as types: per statement the observations of its replay and,
// after a size sweep, its fitted growth and production estimates; per migration the checks
// (reversibility, data kept) and the verdict inputs. Simulate fills these; reports read them.
// Header-only and free of the simulator, so a renderer includes it without linking simulate.
// Their JSON form (the report contract) is made and read in one place: simulation_json.h.
#pragma once

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "simulate/result/app_impact.h"

namespace pgdrydock {

// ---- estimates (simulate/estimate/) ----------------------------------------------------------

enum class GrowthModel { Constant, Linear, NLogN };

inline std::string to_string(GrowthModel model) {
  switch (model) {
  case GrowthModel::Constant:
    return "constant";
  case GrowthModel::Linear:
    return "linear";
  case GrowthModel::NLogN:
    return "nlogn";
  }
  return "constant";
}

// The x of a model's straight line a + b·x at `rows` (0 for a constant).
inline double growth_feature(GrowthModel model, double rows) {
  switch (model) {
  case GrowthModel::Constant:
    return 0;
  case GrowthModel::Linear:
    return rows;
  case GrowthModel::NLogN:
    return rows > 1 ? rows * std::log(rows) : 0;
  }
  return 0;
}

// A fitted growth curve (seconds against rows). The fit itself is simulate/estimate/fit.h;
// evaluating it lives here so a report draws the curve without linking the fit.
struct FitCurve {
  GrowthModel model = GrowthModel::Constant;
  double intercept = 0; // seconds
  double slope = 0;     // seconds per row (linear) or per n·ln n (nlogn)
  double r2 = 0;        // 1 - SSE/SST of the chosen model (0 for constant; 1 when SST is 0)
  int points = 0;
  // A growth model with R² < 0.9, or a constant one spreading more than 25% and 2 ms.
  bool poor = false;

  // Seconds at `rows`, never negative.
  double evaluate(double rows) const {
    return std::max(0.0, intercept + slope * growth_feature(model, rows));
  }
};

// A fit extrapolated to a production row count, with its range.
struct EstimateResult {
  long long rows = 0;
  double seconds = 0;
  double low = 0;
  double high = 0;
  GrowthModel model = GrowthModel::Constant;
  double r2 = 0;
  double extrapolation_factor = 1;   // rows / largest measured rows (at least 1)
  bool poor = false;                 // the fit's
  std::vector<std::string> warnings; // poor fit, large extrapolation, few points
};

// One size of a sweep, for one statement.
struct SweepPoint {
  double rows = 0; // rows of the statement's target table at that size
  double seconds = 0;
  double lock_seconds = 0; // write-blocking lock held (to the COMMIT in a transaction block)
  double blocked_reads_seconds = 0;
  double blocked_writes_seconds = 0;
};

// What is measured and fitted per size: the statement's time, its lock hold, reads and writes
// blocked. JSON names each measure's point key, fit key and estimate key.
enum class SweepMeasure { Duration, LockHold, BlockedReads, BlockedWrites };
constexpr SweepMeasure kSweepMeasures[] = {SweepMeasure::Duration, SweepMeasure::LockHold,
                                           SweepMeasure::BlockedReads, SweepMeasure::BlockedWrites};

inline double point_value(const SweepPoint& p, SweepMeasure m) {
  switch (m) {
  case SweepMeasure::Duration:
    return p.seconds;
  case SweepMeasure::LockHold:
    return p.lock_seconds;
  case SweepMeasure::BlockedReads:
    return p.blocked_reads_seconds;
  case SweepMeasure::BlockedWrites:
    return p.blocked_writes_seconds;
  }
  return 0;
}

// A statement's size sweep: its points (ascending rows), one fit per measure and, when the
// production rows of its table are known, one estimate per measure.
struct StatementSweep {
  std::optional<std::string> target_table; // none when the statement only creates relations
  std::vector<SweepPoint> points;
  std::map<SweepMeasure, FitCurve> fits;
  std::map<SweepMeasure, EstimateResult> estimates;

  const FitCurve* fit(SweepMeasure m = SweepMeasure::Duration) const {
    auto it = fits.find(m);
    return it == fits.end() ? nullptr : &it->second;
  }
  const EstimateResult* estimate(SweepMeasure m = SweepMeasure::Duration) const {
    auto it = estimates.find(m);
    return it == estimates.end() ? nullptr : &it->second;
  }
};

// ---- one replayed statement (simulate/replay/) -------------------------------------------

// A relation the statement newly locked or rewrote.
struct ObservedRelation {
  std::string relation;
  std::optional<bool> created;     // only for relations it locked
  std::optional<std::string> lock; // strongest new lock ("ShareLock"); none: rewritten only
  bool rewrite = false;
  std::string kind; // "table", "index", "sequence", "view", "materialized view"
};

// A relation the replaying session holds a lock on after the statement: what other sessions
// wait behind (held, which includes locks earlier statements of the same transaction took) and
// what this statement added itself (acquired).
struct HeldRelation {
  std::string relation;
  std::string kind;                      // as ObservedRelation::kind
  std::string held;                      // strongest mode held after the statement
  std::optional<std::string> acquired;   // strongest mode it newly took; none: all held before
  bool created = false;                  // the statement created the relation
  std::optional<std::string> belongs_to; // an index's table, an owned sequence's table
};

struct StatementObservation {
  std::vector<ObservedRelation> observed;
  std::vector<HeldRelation> locks; // every relation locked after it, by name
  double duration_ms = 0;
  double blocked_reads_ms = 0;
  double blocked_writes_ms = 0;
  // Predicted vs observed, one line each: "predicted X, observed Y on T".
  std::vector<std::string> mismatch;
  std::optional<std::string> lock_observation; // "transaction" | "sampled" (none when online)
  std::optional<double> commit_ms;             // the wrapping COMMIT, on the last statement
  bool online = false;                         // an Alembic revision run online as a whole
  std::optional<StatementSweep> sweep;         // after a size sweep
  // Set when a table the statement touched was left at 0 rows by the seeder: its timing says
  // nothing about the asked size (the reason, "table public.x has 0 rows: ...").
  std::optional<std::string> not_measured_at_size;
  std::optional<AppImpact> app_impact; // under --app-load (simulate/app_load/)
};

// ---- one simulated migration -----------------------------------------------------------------

struct ReplayErrorPlace {
  std::string direction; // "up" | "down"
  int statement_index = 0;
  std::string file;
  int line = 0;
  int column = 0;
  std::string statement;
  std::string sqlstate;
  std::optional<std::string> detail;
  std::optional<std::string> hint;
};

// Why a migration's simulation failed: a replayed statement (place), or the baseline before it.
struct SimulationError {
  std::string message;
  std::optional<ReplayErrorPlace> place;
};

struct SeedSummary {
  long long rows = 0;
  double seconds = 0;
  std::map<std::string, long long> tables; // rows per "schema.table": a sweep's x axis
  std::vector<std::string> errors;         // tables that did not fill
};

// An Alembic revision that cannot render offline, run online as a whole.
struct OnlineRun {
  std::string reason;
  std::optional<double> upgrade_ms;
  std::optional<double> downgrade_ms;
};

struct MemoryPlan {
  long long maintenance_work_mem_kb = 0;
  long long work_mem_kb = 0;
  long long max_wal_size_kb = 0;
};

struct ScaleModelSize {
  long long rows = 0;
  double ratio = 0;
  MemoryPlan memory;
};

// The memory each sweep size replays with (simulate/estimate/scale_model.h).
struct ScaleModelPlan {
  long long target_rows = 0;
  MemoryPlan target_memory;
  std::vector<ScaleModelSize> sizes;
};

struct BudgetCheck {
  std::optional<double> max_lock_seconds;
  std::optional<double> max_duration_seconds;
  std::vector<std::string> violations;  // one sentence each, naming the statement
  std::vector<std::string> unestimated; // swept statements without a production estimate
};

struct MigrationSimulation {
  // The reversibility check: up, down, schema and data compared, up again.
  bool reversible = false;
  bool down_failed = false;
  bool lossy = false;
  bool up_again_failed = false;
  std::vector<std::string> schema_diff;
  std::vector<std::string> leftovers; // objects a failed script left behind
  std::vector<std::string> data_changes;
  std::optional<SimulationError> error;
  // An --only target not reached: an earlier up script failed (the reason is in `error`).
  bool not_run = false;
  // Tables the seeder was asked to fill and left at 0 rows: "public.x: <why>".
  std::vector<std::string> empty_tables;

  std::optional<std::string> database; // the scratch database it ran in
  std::optional<SeedSummary> seed;
  std::optional<OnlineRun> online;
  std::vector<std::string> baseline_notes;
  // A size sweep: its sizes and scale model (none when memory was not scaled).
  std::vector<long long> sizes;
  std::optional<ScaleModelPlan> scale_model;
  std::optional<BudgetCheck> budget;
  std::optional<AppRun> app_load; // --app-load: baseline and timeline (simulate/app_load/)
};

// The one verdict on a simulated migration: reports word it (simulation_verdict), the exit code
// follows it (simulation_exit_code).
enum class Verdict {
  Failed,          // a statement of the upgrade (or the baseline before it) failed
  FailedDowngrade, // the downgrade failed
  NoDown,          // nothing to undo it with
  Irreversible,    // the downgrade did not restore the schema (or the upgrade fails again)
  DataLost,        // the schema came back, some data did not
  Reversible,
};

inline Verdict verdict_of(const MigrationSimulation& s, bool has_down) {
  if (s.error)
    return s.down_failed ? Verdict::FailedDowngrade : Verdict::Failed;
  if (!has_down)
    return Verdict::NoDown;
  if (!s.reversible)
    return Verdict::Irreversible;
  if (s.lossy)
    return Verdict::DataLost;
  return Verdict::Reversible;
}

} // namespace pgdrydock
