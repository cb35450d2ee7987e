#include "simulate/estimate/sweep.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "simulate/estimate/fit.h"

namespace pgdrydock {

namespace {

double parse_number(const std::string& text, std::size_t* used) {
  try {
    return std::stod(text, used);
  } catch (const std::exception&) {
    *used = 0;
    return 0;
  }
}

// The relation a statement's cost depends on: an existing table it rewrites or scans, else
// the first existing table it touches. Empty when it only creates relations.
std::string target_table(const StatementResult& st) {
  for (const auto& e : st.effects)
    if (!e.creates && e.kind == RelationKind::Table && (e.rewrite || e.scan))
      return e.relation;
  for (const auto& e : st.effects)
    if (!e.creates && e.kind == RelationKind::Table)
      return e.relation;
  return {};
}

bool takes_write_blocking_lock(const StatementObservation& measured) {
  for (const auto& o : measured.observed) {
    if (o.created.value_or(false) || !o.lock)
      continue;
    if (auto mode = lock_from_pg_name(*o.lock); mode && blocks_writes(*mode))
      return true;
  }
  return false;
}

// Seconds each statement of a measured script holds its strongest write-blocking lock.
std::vector<double> lock_hold_seconds(const ScriptResult& script) {
  const auto& sts = script.statements;
  std::vector<double> out(sts.size(), 0);
  for (std::size_t i = 0; i < sts.size(); ++i) {
    if (!sts[i].measured || !takes_write_blocking_lock(*sts[i].measured))
      continue;
    double ms = sts[i].measured->duration_ms;
    if (sts[i].in_transaction) {
      // Held until the transaction ends: the later statements of the block and its COMMIT.
      std::size_t j = i;
      while (j + 1 < sts.size() && sts[j + 1].in_transaction && sts[j + 1].measured) {
        ++j;
        ms += sts[j].measured->duration_ms;
      }
      ms += sts[j].measured->commit_ms.value_or(0.0);
    }
    out[i] = ms / 1000;
  }
  return out;
}

std::optional<double> find_target(const std::map<std::string, double>& targets,
                                  const std::string& qualified) {
  if (auto it = targets.find(qualified); it != targets.end())
    return it->second;
  const auto dot = qualified.find('.');
  if (dot != std::string::npos)
    if (auto it = targets.find(qualified.substr(dot + 1)); it != targets.end())
      return it->second;
  return std::nullopt;
}

// Attaches sweep points, fits and estimates of statement (m, s, i) of every run to the
// statement in `base` (the largest run).
void attach(StatementResult& st, const std::vector<SweepPoint>& points, const SweepOptions& sweep) {
  if (points.empty() || !st.measured)
    return;
  StatementSweep& out = st.measured->sweep.emplace();
  const std::string table = target_table(st);
  if (!table.empty())
    out.target_table = table;
  out.points = points;
  const std::optional<double> target =
      table.empty() ? std::nullopt : find_target(sweep.target_rows, table);
  for (SweepMeasure m : kSweepMeasures) {
    std::vector<SamplePoint> samples;
    for (const auto& p : points)
      samples.push_back({p.rows, point_value(p, m)});
    const Fit fit = fit_growth(samples);
    out.fits[m] = fit;
    if (target)
      out.estimates[m] = estimate_at(fit, *target).result();
  }
}

// The memory each size replays with, or none when not scaled (off, or no target rows to
// scale against).
std::optional<ScaleModelPlan> scale_model_plan(const SweepOptions& sweep,
                                               std::vector<MemorySettings>* per_size) {
  double target = 0;
  for (const auto& [table, rows] : sweep.target_rows)
    target = std::max(target, rows);
  if (!sweep.scale_memory || target <= 0)
    return std::nullopt;
  const MemorySettings full = sweep.production_memory.value_or(replay_memory_settings());
  ScaleModelPlan plan{std::llround(target), full.plan(), {}};
  for (long long size : sweep.sizes) {
    const double ratio = std::min(1.0, static_cast<double>(size) / target);
    plan.sizes.push_back({size, ratio, scaled_memory(full, ratio).plan()});
    // The sandbox gets what the report records: whole kB.
    per_size->push_back(MemorySettings::of(plan.sizes.back().memory));
  }
  return plan;
}

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.size() > 60 ? line.substr(0, 57) + "..." : line;
}

} // namespace

const std::vector<long long>& default_sweep_sizes() {
  static const std::vector<long long> sizes = {10'000, 30'000, 100'000};
  return sizes;
}

Expected<long long> parse_row_count(const std::string& text) {
  std::size_t used = 0;
  double n = parse_number(text, &used);
  const std::string suffix = used == 0 ? text : text.substr(used);
  double scale = 1;
  if (suffix == "k" || suffix == "K")
    scale = 1e3;
  else if (suffix == "M" || suffix == "m")
    scale = 1e6;
  else if (suffix == "G" || suffix == "g")
    scale = 1e9;
  else if (!suffix.empty())
    used = 0;
  if (used == 0 || !(n >= 0) || n * scale > 1e15)
    return fail(
        usage_error("\"" + text + "\" is not a row count (a number, optionally with k, M or G)"));
  return std::llround(n * scale);
}

Expected<std::vector<long long>> parse_sizes(const std::string& text) {
  std::vector<long long> sizes;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const Expected<long long> n = parse_row_count(text.substr(start, comma - start));
    if (!n)
      return fail(n.error());
    if (*n <= 0)
      return fail(usage_error("sizes must be at least 1 row"));
    sizes.push_back(*n);
    start = comma + 1;
  }
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  return sizes;
}

Expected<void> add_target_rows_option(std::map<std::string, double>& targets,
                                      const std::string& argument) {
  const auto equals = argument.rfind('=');
  if (equals == std::string::npos || equals == 0)
    return fail(usage_error("\"" + argument + "\": use table=N or schema.table=N"));
  const Expected<long long> rows = parse_row_count(argument.substr(equals + 1));
  if (!rows)
    return fail(rows.error());
  targets[argument.substr(0, equals)] = static_cast<double>(*rows);
  return {};
}

SeedPlan plan_for_size(const SeedPlan& base, long long size) {
  SeedPlan plan = base;
  plan.default_rows = size;
  return plan;
}

LintResult simulate_sweep(const MigrationSet& set, Sandbox& sandbox, const SimulateOptions& options,
                          const SweepOptions& sweep) {
  if (sweep.sizes.empty())
    throw ErrorException(internal_error("a size sweep needs at least one size"));
  std::vector<MemorySettings> memory;
  const std::optional<ScaleModelPlan> scale_model = scale_model_plan(sweep, &memory);
  std::vector<LintResult> runs;
  {
    ScaleModelSandbox model(sandbox);
    for (std::size_t k = 0; k < sweep.sizes.size(); ++k) {
      SimulateOptions at = options;
      at.seed = plan_for_size(options.seed, sweep.sizes[k]);
      at.progress_prefix =
          fmt::format("size {}/{} ({} rows): ", k + 1, sweep.sizes.size(), sweep.sizes[k]);
      at.progress_pass = static_cast<long long>(k);
      at.progress_passes = static_cast<long long>(sweep.sizes.size());
      if (scale_model)
        model.set_memory(memory[k]);
      runs.push_back(simulate_migrations(set, model, at));
    }
  }
  LintResult base = runs.back();
  for (std::size_t m = 0; m < base.migrations.size(); ++m) {
    MigrationResult& migration = base.migrations[m];
    if (migration.simulation) {
      migration.simulation->sizes = sweep.sizes;
      migration.simulation->scale_model = scale_model;
    }
    for (std::size_t s = 0; s < migration.scripts.size(); ++s) {
      for (std::size_t i = 0; i < migration.scripts[s].statements.size(); ++i) {
        std::vector<SweepPoint> points;
        for (const auto& run : runs) {
          const MigrationResult& rm = run.migrations.at(m);
          const ScriptResult& script = rm.scripts.at(s);
          const StatementResult& st = script.statements.at(i);
          if (!st.measured || !rm.simulation)
            continue;
          const std::string table = target_table(st);
          double rows = 0;
          if (rm.simulation->seed && !table.empty())
            if (auto t = rm.simulation->seed->tables.find(table);
                t != rm.simulation->seed->tables.end())
              rows = static_cast<double>(t->second);
          points.push_back({rows, st.measured->duration_ms / 1000, lock_hold_seconds(script)[i],
                            st.measured->blocked_reads_ms / 1000,
                            st.measured->blocked_writes_ms / 1000});
        }
        attach(migration.scripts[s].statements[i], points, sweep);
      }
    }
  }
  return base;
}

std::vector<std::string> apply_budget(LintResult& result, const Budget& budget) {
  std::vector<std::string> violations;
  if (!budget.any())
    return violations;
  for (auto& m : result.migrations) {
    BudgetCheck record{budget.max_lock_seconds, budget.max_duration_seconds, {}, {}};
    for (const auto& script : m.scripts) {
      // The gate is about deploying: only the upgrade is checked.
      if (script.direction != Direction::Up)
        continue;
      for (const auto& st : script.statements) {
        if (!st.measured || !st.measured->sweep)
          continue;
        const StatementSweep& swept = *st.measured->sweep;
        const std::string where =
            fmt::format("migration {} {}, {}:{} `{}`", m.version, m.name, st.location.file,
                        st.location.line, first_line(st.text));
        if (!swept.estimate()) {
          record.unestimated.push_back(where);
          continue;
        }
        auto check = [&](SweepMeasure measure, const std::optional<double>& limit, const char* what,
                         const char* option) {
          const EstimateResult* e = swept.estimate(measure);
          if (!limit || !e || e->high <= *limit)
            return;
          std::string sentence = fmt::format(
              "{}: {} estimated up to {:.1f} s on {} rows of {} exceeds {} {:g} s", where, what,
              e->high, e->rows, swept.target_table.value_or(""), option, *limit);
          record.violations.push_back(sentence);
          violations.push_back(sentence);
        };
        check(SweepMeasure::Duration, budget.max_duration_seconds, "duration", "--max-duration");
        check(SweepMeasure::LockHold, budget.max_lock_seconds, "lock hold", "--max-lock");
      }
    }
    if (m.simulation)
      m.simulation->budget = std::move(record);
  }
  return violations;
}

} // namespace pgdrydock
