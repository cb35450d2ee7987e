#include "simulate/result/simulation_json.h"

#include "simulate/result/app_impact_json.h"

namespace pgdrydock {

using nlohmann::json;

namespace {

// Where each swept measure sits in a point, beside the points, and extrapolated.
struct MeasureKeys {
  const char* point;
  const char* fit;
  const char* estimate;
};

MeasureKeys keys_of(SweepMeasure m) {
  switch (m) {
  case SweepMeasure::Duration:
    return {"seconds", "fit", "estimate"};
  case SweepMeasure::LockHold:
    return {"lock_seconds", "lock_fit", "lock_estimate"};
  case SweepMeasure::BlockedReads:
    return {"blocked_reads_seconds", "blocked_reads_fit", "blocked_reads_estimate"};
  case SweepMeasure::BlockedWrites:
    return {"blocked_writes_seconds", "blocked_writes_fit", "blocked_writes_estimate"};
  }
  return {"seconds", "fit", "estimate"};
}

GrowthModel model_named(const std::string& name) {
  if (name == "linear")
    return GrowthModel::Linear;
  if (name == "nlogn")
    return GrowthModel::NLogN;
  return GrowthModel::Constant;
}

// An optional as the contract writes it: null when absent.
template <typename T> json or_null(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

template <typename T> std::optional<T> optional_at(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null())
    return std::nullopt;
  return j[key].get<T>();
}

template <typename T> std::vector<T> list_at(const json& j, const char* key) {
  return j.contains(key) ? j[key].get<std::vector<T>>() : std::vector<T>{};
}

void sweep_to_json(json& j, const StatementSweep& sweep) {
  j["target_table"] = or_null(sweep.target_table);
  j["sweep"] = sweep.points;
  for (const auto& [measure, fit] : sweep.fits)
    j[keys_of(measure).fit] = fit;
  for (const auto& [measure, estimate] : sweep.estimates)
    j[keys_of(measure).estimate] = estimate;
}

StatementSweep sweep_from_json(const json& j) {
  StatementSweep sweep;
  sweep.target_table = optional_at<std::string>(j, "target_table");
  sweep.points = j["sweep"].get<std::vector<SweepPoint>>();
  for (SweepMeasure m : kSweepMeasures) {
    const MeasureKeys keys = keys_of(m);
    if (j.contains(keys.fit))
      sweep.fits[m] = j[keys.fit].get<FitCurve>();
    if (j.contains(keys.estimate))
      sweep.estimates[m] = j[keys.estimate].get<EstimateResult>();
  }
  return sweep;
}

} // namespace

void to_json(json& j, const FitCurve& fit) {
  j = {{"model", to_string(fit.model)},
       {"intercept", fit.intercept},
       {"slope", fit.slope},
       {"fit_r2", fit.r2},
       {"points", fit.points},
       {"poor_fit", fit.poor}};
}

void from_json(const json& j, FitCurve& fit) {
  fit.model = model_named(j.value("model", "constant"));
  fit.intercept = j.value("intercept", 0.0);
  fit.slope = j.value("slope", 0.0);
  fit.r2 = j.value("fit_r2", 0.0);
  fit.points = j.value("points", 0);
  fit.poor = j.value("poor_fit", false);
}

void to_json(json& j, const EstimateResult& e) {
  j = {{"rows", e.rows},
       {"seconds", e.seconds},
       {"low", e.low},
       {"high", e.high},
       {"model", to_string(e.model)},
       {"fit_r2", e.r2},
       {"extrapolation_factor", e.extrapolation_factor},
       {"poor_fit", e.poor},
       {"warnings", e.warnings}};
}

void from_json(const json& j, EstimateResult& e) {
  e.rows = j.value("rows", 0LL);
  e.seconds = j.value("seconds", 0.0);
  e.low = j.value("low", 0.0);
  e.high = j.value("high", 0.0);
  e.model = model_named(j.value("model", "constant"));
  e.r2 = j.value("fit_r2", 0.0);
  e.extrapolation_factor = j.value("extrapolation_factor", 1.0);
  e.poor = j.value("poor_fit", false);
  e.warnings = list_at<std::string>(j, "warnings");
}

void to_json(json& j, const SweepPoint& p) {
  j = json::object();
  j["rows"] = p.rows;
  for (SweepMeasure m : kSweepMeasures)
    j[keys_of(m).point] = point_value(p, m);
}

void from_json(const json& j, SweepPoint& p) {
  p.rows = j.value("rows", 0.0);
  p.seconds = j.value("seconds", 0.0);
  p.lock_seconds = j.value("lock_seconds", 0.0);
  p.blocked_reads_seconds = j.value("blocked_reads_seconds", 0.0);
  p.blocked_writes_seconds = j.value("blocked_writes_seconds", 0.0);
}

void to_json(json& j, const ObservedRelation& o) {
  j = {{"relation", o.relation},
       {"lock", or_null(o.lock)},
       {"rewrite", o.rewrite},
       {"kind", o.kind}};
  if (o.created)
    j["created"] = *o.created;
}

void from_json(const json& j, ObservedRelation& o) {
  o.relation = j.value("relation", "");
  o.created = optional_at<bool>(j, "created");
  o.lock = optional_at<std::string>(j, "lock");
  o.rewrite = j.value("rewrite", false);
  o.kind = j.value("kind", "");
}

void to_json(json& j, const HeldRelation& h) {
  j = {{"relation", h.relation},
       {"kind", h.kind},
       {"held", h.held},
       {"acquired", or_null(h.acquired)},
       {"created", h.created}};
  if (h.belongs_to)
    j["belongs_to"] = *h.belongs_to;
}

void from_json(const json& j, HeldRelation& h) {
  h.relation = j.value("relation", "");
  h.kind = j.value("kind", "");
  h.held = j.value("held", "");
  h.acquired = optional_at<std::string>(j, "acquired");
  h.created = j.value("created", false);
  h.belongs_to = optional_at<std::string>(j, "belongs_to");
}

void to_json(json& j, const StatementObservation& s) {
  j = {{"observed", s.observed},
       {"locks", s.locks},
       {"duration_ms", s.duration_ms},
       {"blocked_reads_ms", s.blocked_reads_ms},
       {"blocked_writes_ms", s.blocked_writes_ms},
       {"mismatch", s.mismatch}};
  if (s.lock_observation)
    j["lock_observation"] = *s.lock_observation;
  if (s.commit_ms)
    j["commit_ms"] = *s.commit_ms;
  if (s.online)
    j["online"] = true;
  if (s.not_measured_at_size)
    j["not_measured_at_size"] = *s.not_measured_at_size;
  if (s.sweep)
    sweep_to_json(j, *s.sweep);
  if (s.app_impact)
    j["app_impact"] = *s.app_impact;
}

void from_json(const json& j, StatementObservation& s) {
  s.observed = list_at<ObservedRelation>(j, "observed");
  s.locks = list_at<HeldRelation>(j, "locks");
  s.duration_ms = j.value("duration_ms", 0.0);
  s.blocked_reads_ms = j.value("blocked_reads_ms", 0.0);
  s.blocked_writes_ms = j.value("blocked_writes_ms", 0.0);
  s.mismatch = list_at<std::string>(j, "mismatch");
  s.lock_observation = optional_at<std::string>(j, "lock_observation");
  s.commit_ms = optional_at<double>(j, "commit_ms");
  s.online = j.value("online", false);
  s.not_measured_at_size = optional_at<std::string>(j, "not_measured_at_size");
  s.sweep = j.contains("sweep") ? std::optional(sweep_from_json(j)) : std::nullopt;
  s.app_impact = optional_at<AppImpact>(j, "app_impact");
}

json json_or_null(const std::optional<StatementObservation>& observation) {
  return or_null(observation);
}

json json_or_null(const std::optional<MigrationSimulation>& simulation) {
  return or_null(simulation);
}

std::optional<StatementObservation> observation_of_statement(const json& statement) {
  if (!statement.is_object() || !statement.contains("duration_ms"))
    return std::nullopt;
  return statement.get<StatementObservation>();
}

void to_json(json& j, const SimulationError& e) {
  if (!e.place) {
    j = {{"message", e.message}};
    return;
  }
  const ReplayErrorPlace& p = *e.place;
  j = {{"direction", p.direction},
       {"statement_index", p.statement_index},
       {"location", {{"file", p.file}, {"line", p.line}, {"column", p.column}}},
       {"statement", p.statement},
       {"sqlstate", p.sqlstate},
       {"message", e.message},
       {"detail", or_null(p.detail)},
       {"hint", or_null(p.hint)}};
}

void from_json(const json& j, SimulationError& e) {
  e.message = j.value("message", "");
  e.place.reset();
  if (!j.contains("location"))
    return;
  ReplayErrorPlace p;
  p.direction = j.value("direction", "");
  p.statement_index = j.value("statement_index", 0);
  p.file = j["location"].value("file", "");
  p.line = j["location"].value("line", 0);
  p.column = j["location"].value("column", 0);
  p.statement = j.value("statement", "");
  p.sqlstate = j.value("sqlstate", "");
  p.detail = optional_at<std::string>(j, "detail");
  p.hint = optional_at<std::string>(j, "hint");
  e.place = std::move(p);
}

void to_json(json& j, const SeedSummary& s) {
  j = {{"rows", s.rows}, {"seconds", s.seconds}, {"tables", s.tables}};
  if (!s.errors.empty())
    j["errors"] = s.errors;
}

void from_json(const json& j, SeedSummary& s) {
  s.rows = j.value("rows", 0LL);
  s.seconds = j.value("seconds", 0.0);
  s.tables = j.value("tables", std::map<std::string, long long>{});
  s.errors = list_at<std::string>(j, "errors");
}

void to_json(json& j, const MemoryPlan& m) {
  j = {{"maintenance_work_mem_kb", m.maintenance_work_mem_kb},
       {"work_mem_kb", m.work_mem_kb},
       {"max_wal_size_kb", m.max_wal_size_kb}};
}

void from_json(const json& j, MemoryPlan& m) {
  m.maintenance_work_mem_kb = j.value("maintenance_work_mem_kb", 0LL);
  m.work_mem_kb = j.value("work_mem_kb", 0LL);
  m.max_wal_size_kb = j.value("max_wal_size_kb", 0LL);
}

void to_json(json& j, const ScaleModelPlan& plan) {
  j = {{"target_rows", plan.target_rows},
       {"target_memory", plan.target_memory},
       {"sizes", json::array()}};
  for (const auto& size : plan.sizes) {
    json point = size.memory;
    point["rows"] = size.rows;
    point["ratio"] = size.ratio;
    j["sizes"].push_back(point);
  }
}

void from_json(const json& j, ScaleModelPlan& plan) {
  plan.target_rows = j.value("target_rows", 0LL);
  plan.target_memory = j.value("target_memory", MemoryPlan{});
  plan.sizes.clear();
  for (const auto& point : j.value("sizes", json::array()))
    plan.sizes.push_back(
        {point.value("rows", 0LL), point.value("ratio", 0.0), point.get<MemoryPlan>()});
}

void to_json(json& j, const BudgetCheck& b) {
  j = {{"max_lock_seconds", or_null(b.max_lock_seconds)},
       {"max_duration_seconds", or_null(b.max_duration_seconds)},
       {"violations", b.violations},
       {"unestimated", b.unestimated}};
}

void from_json(const json& j, BudgetCheck& b) {
  b.max_lock_seconds = optional_at<double>(j, "max_lock_seconds");
  b.max_duration_seconds = optional_at<double>(j, "max_duration_seconds");
  b.violations = list_at<std::string>(j, "violations");
  b.unestimated = list_at<std::string>(j, "unestimated");
}

void to_json(json& j, const MigrationSimulation& s) {
  j = {{"reversible", s.reversible},    {"down_failed", s.down_failed}, {"lossy", s.lossy},
       {"schema_diff", s.schema_diff},  {"leftovers", s.leftovers},     {"error", or_null(s.error)},
       {"data_changes", s.data_changes}};
  if (s.up_again_failed)
    j["up_again_failed"] = true;
  if (s.not_run)
    j["not_run"] = true;
  if (!s.empty_tables.empty())
    j["empty_tables"] = s.empty_tables;
  if (s.database)
    j["database"] = *s.database;
  if (s.seed)
    j["seed"] = *s.seed;
  if (s.online)
    j["online"] = {{"reason", s.online->reason},
                   {"upgrade_ms", or_null(s.online->upgrade_ms)},
                   {"downgrade_ms", or_null(s.online->downgrade_ms)}};
  if (!s.baseline_notes.empty())
    j["baseline_notes"] = s.baseline_notes;
  if (!s.sizes.empty()) {
    j["sizes"] = s.sizes;
    j["scale_model"] = or_null(s.scale_model);
  }
  if (s.budget)
    j["budget"] = *s.budget;
  if (s.app_load)
    add_app_run(j, *s.app_load);
}

void from_json(const json& j, MigrationSimulation& s) {
  s.reversible = j.value("reversible", false);
  s.down_failed = j.value("down_failed", false);
  s.lossy = j.value("lossy", false);
  s.up_again_failed = j.value("up_again_failed", false);
  s.not_run = j.value("not_run", false);
  s.empty_tables = list_at<std::string>(j, "empty_tables");
  s.schema_diff = list_at<std::string>(j, "schema_diff");
  s.leftovers = list_at<std::string>(j, "leftovers");
  s.data_changes = list_at<std::string>(j, "data_changes");
  s.error = optional_at<SimulationError>(j, "error");
  s.database = optional_at<std::string>(j, "database");
  s.seed = optional_at<SeedSummary>(j, "seed");
  s.online.reset();
  if (j.contains("online") && j["online"].is_object())
    s.online =
        OnlineRun{j["online"].value("reason", ""), optional_at<double>(j["online"], "upgrade_ms"),
                  optional_at<double>(j["online"], "downgrade_ms")};
  s.baseline_notes = list_at<std::string>(j, "baseline_notes");
  s.sizes = list_at<long long>(j, "sizes");
  s.scale_model = optional_at<ScaleModelPlan>(j, "scale_model");
  s.budget = optional_at<BudgetCheck>(j, "budget");
  s.app_load = app_run_of(j);
}

} // namespace pgdrydock
