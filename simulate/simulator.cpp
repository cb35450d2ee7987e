#include "simulate/simulator.h"

#include <iostream>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "simulate/app_load/app_load.h"
#include "simulate/check/data_check.h"
#include "simulate/check/schema_snapshot.h"
#include "simulate/empty_tables.h"
#include "simulate/only_targets.h"
#include "simulate/replay/replayer.h"
#include "simulate/sandbox/pg_session.h"
#include "simulate/schema_restore.h"
#include "simulate/seeded_state.h"

namespace pgdrydock {

namespace {

// Migrations prepared before one measured batch: each holds a seeded database copy (a few MB
// of catalogs plus the rows asked for) until the batch is measured and dropped.
constexpr std::size_t batch_size = 16;

ScriptResult* script_of(MigrationResult& r, Direction d) {
  for (auto& s : r.scripts)
    if (s.direction == d)
      return &s;
  return nullptr;
}

// A migration's own database, copied from the schema before it and seeded (loading phase),
// waiting for its measured replay.
struct PreparedRun {
  const Migration* migration = nullptr;
  MigrationResult result; // the lint result, measurements to be added
  MigrationSimulation sim;
  std::string db;
  std::map<std::string, std::string> empty; // tables left at 0 rows, with the reason
  std::size_t slot = 0;                     // its index in the report's migrations
};

class MigrationRun {
public:
  MigrationRun(Sandbox& sandbox, const SimulateOptions& options)
      : sandbox_(sandbox), options_(options) {}

  // Copies `baseline` for `m` and seeds the copy, in the loading phase. `linted`: the
  // migration's lint result (predicted effects, findings) to measure against. `seeded`: the
  // baseline holds seeded rows already (SeededState), only topped up.
  PreparedRun prepare(const Migration& m, const std::string& baseline,
                      const MigrationResult& linted, bool seeded = false);
  // Replays up -> down -> up on the prepared database (the sandbox in the replaying phase),
  // records the checks and drops the database; returns the lint result with measurements.
  MigrationResult measure(PreparedRun& run);

  // One migration alone: prepare, switch to replaying, measure, back to loading.
  MigrationResult run(const Migration& m, const std::string& baseline,
                      const MigrationResult& linted) {
    PreparedRun prepared = prepare(m, baseline, linted);
    sandbox_.set_phase(SandboxPhase::Replaying);
    MigrationResult result = measure(prepared);
    sandbox_.set_phase(SandboxPhase::Loading);
    drop(prepared);
    return result;
  }

  void drop(const PreparedRun& run) {
    if (!options_.keep_databases)
      sandbox_.drop_database(run.db);
  }

private:
  ReplayOptions replay_options(const std::string& db, bool measure,
                               StatementHook* hook = nullptr) const {
    ReplayOptions r;
    r.hook = hook;
    r.conninfo = sandbox_.conninfo(db);
    r.statement_timeout_ms = options_.statement_timeout_ms;
    r.measure = measure;
    r.pg_version = options_.lint.pg_version;
    return r;
  }
  void fail(MigrationSimulation& sim, const ReplayFailure& f, Direction d, const std::string& db) {
    sim.error = f.to_error(d);
    PgSession s(sandbox_.conninfo(db));
    for (const auto& l : find_leftovers(s))
      sim.leftovers.push_back(l);
  }

  Sandbox& sandbox_;
  const SimulateOptions& options_;
};

PreparedRun MigrationRun::prepare(const Migration& m, const std::string& baseline,
                                  const MigrationResult& linted, bool seeded) {
  PreparedRun run;
  run.migration = &m;
  run.result = linted;
  run.db = sandbox_.fresh_database_name(m.version);
  run.sim.database = run.db;
  options_.progress->phase(options_.progress_prefix + "seed " + m.version + " " + m.name);
  sandbox_.set_phase(SandboxPhase::Loading);
  sandbox_.create_database(run.db, baseline);
  if (options_.seed_data) {
    SeedPlan plan = options_.seed;
    plan.top_up = seeded;
    const SeedReport report = seed_database(sandbox_.conninfo(run.db), plan);
    run.sim.seed = seed_summary(report);
    run.empty = empty_tables(report, options_.seed);
    record_empty_tables(run.empty, run.sim);
  }
  return run;
}

MigrationResult MigrationRun::measure(PreparedRun& run) {
  const Migration& m = *run.migration;
  MigrationResult& result = run.result;
  MigrationSimulation& sim = run.sim;
  const std::string& db = run.db;
  SchemaSnapshot before;
  {
    PgSession s(sandbox_.conninfo(db));
    before = take_schema_snapshot(s);
    if (m.down)
      preserve_table_data(s);
  }

  ScriptResult* up = script_of(result, Direction::Up);
  ScriptResult* down = script_of(result, Direction::Down);
  const std::string shown = options_.progress_prefix + "replay " + m.version + " " + m.name;
  // Ended (every session closed) before the checks, also when a replay throws.
  std::unique_ptr<AppLoad> load;
  if (options_.app_load)
    load = std::make_unique<AppLoad>(sandbox_.conninfo(db), touched_tables(result.scripts),
                                     *options_.app_load);
  options_.progress->phase(shown + " up");
  const auto up_failure = replay_script(*up, replay_options(db, true, load.get()));
  if (!up_failure && down)
    options_.progress->phase(shown + " down");
  const auto down_failure = !up_failure && down
                                ? replay_script(*down, replay_options(db, true, load.get()))
                                : std::nullopt;
  if (load)
    sim.app_load = load->finish(result.scripts);
  load.reset();
  if (const auto& f = up_failure) {
    fail(sim, *f, Direction::Up, db);
  } else if (!down) {
    sim.schema_diff.push_back("no down script: the migration cannot be undone");
  } else if (const auto& fd = down_failure) {
    sim.down_failed = true;
    fail(sim, *fd, Direction::Down, db);
  } else {
    PgSession s(sandbox_.conninfo(db));
    record_downgrade_checks(s, before, sim);
    // Up must work again after down (a down that leaves a type or index behind often breaks it).
    options_.progress->phase(shown + " up again");
    ScriptResult again = *up;
    if (auto fa = replay_script(again, replay_options(db, false))) {
      sim.schema_diff.push_back(fmt::format("upgrade fails after downgrade at {}:{}: {} ({})",
                                            fa->location.file, fa->location.line, fa->error.message,
                                            fa->error.sqlstate));
      sim.up_again_failed = true;
    }
    sim.reversible = sim.schema_diff.empty();
  }
  for (auto& script : result.scripts)
    mark_not_measured_at_size(run.empty, script);
  result.simulation = sim;
  return std::move(result);
}

} // namespace

SeedSummary seed_summary(const SeedReport& seeded) {
  SeedSummary seed{seeded.total_rows(), seeded.seconds, {}, {}};
  for (const auto& t : seeded.tables) {
    if (!t.ok())
      seed.errors.push_back(t.error);
    else
      seed.tables[t.table] = t.rows;
  }
  return seed;
}

namespace {

// The schema before the next migration, kept in ONE database advanced in place by each up
// script (no data): a copy is made only for a migration under test, which needs its own
// database for seeding and up -> down -> up. Advancing runs in the loading phase (fsync off):
// nothing here is measured, and the copy a measured replay uses is checkpointed when its
// replay phase starts (simulate/sandbox/sandbox_settings.cpp).
class SchemaState {
public:
  SchemaState(Sandbox& sandbox, const SimulateOptions& options)
      : sandbox_(sandbox), options_(options), name_(sandbox.fresh_database_name("state")) {
    sandbox_.create_database(name_, "template0");
  }
  ~SchemaState() {
    try {
      sandbox_.drop_database(name_);
    } catch (...) {
      // Best effort: the sandbox removes its whole cluster (or scratch databases) at the end.
    }
  }
  SchemaState(const SchemaState&) = delete;
  SchemaState& operator=(const SchemaState&) = delete;

  const std::string& name() const { return name_; }

  // Applies `up` as its runner would; the failure, when a statement fails.
  std::optional<ReplayFailure> advance(const ScriptResult& up) {
    return advance_database(sandbox_, options_, name_, up);
  }

private:
  Sandbox& sandbox_;
  const SimulateOptions& options_;
  std::string name_;
};

} // namespace

LintResult simulate_migrations(const MigrationSet& set, Sandbox& sandbox,
                               const SimulateOptions& options) {
  LintResult out;
  out.pg_version = options.lint.pg_version;
  out.skipped = set.skipped;
  out.errors = set.errors;
  MigrationRun simulation(sandbox, options);
  // With --only, nothing after the last target is linted, replayed or copied.
  MigrationSet visited = set;
  visited.migrations.resize(migrations_to_visit(set, options.only));
  // Linted together, so each migration's predictions see the schema the earlier ones built
  // (the catalog knows referenced tables, old column types, partitions).
  LintResult linted = lint_migrations(visited, options.lint);

  SchemaState state(sandbox, options);
  SeededState data(sandbox, options); // seeded once, topped up per target
  if (!options.schema_path.empty())
    value_or_throw(restore_schema_dump(options.schema_path, sandbox.conninfo(state.name())));
  // Migrations are prepared (copied, seeded) in batches in the loading phase and then measured
  // together after ONE switch to the replaying phase, whose CHECKPOINT flushes the whole batch:
  // two phase switches per batch instead of per migration (issue 13: on crates.io the switches
  // and their checkpoints were most of a whole-history run). Each measured statement still
  // runs after a checkpoint and with the replay settings, as a lone migration does.
  std::vector<PreparedRun> batch;
  long long targets = 0, measured = 0;
  for (const Migration& m : visited.migrations)
    targets += is_only_target(m, options.only) ? 1 : 0;
  auto report_overall = [&] {
    options.progress->overall(options.progress_pass * targets + measured,
                              options.progress_passes * targets);
  };
  report_overall();
  auto measure_batch = [&] {
    if (batch.empty())
      return;
    sandbox.set_phase(SandboxPhase::Replaying);
    for (PreparedRun& run : batch) {
      out.migrations[run.slot] = simulation.measure(run);
      ++measured;
      report_overall();
    }
    sandbox.set_phase(SandboxPhase::Loading);
    for (const PreparedRun& run : batch)
      simulation.drop(run);
    batch.clear();
  };
  std::string baseline_error; // set once an up script fails: later targets cannot be reached
  for (std::size_t i = 0; i < visited.migrations.size(); ++i) {
    const Migration& m = visited.migrations[i];
    if (is_only_target(m, options.only)) {
      if (!baseline_error.empty()) {
        MigrationResult r = std::move(linted.migrations[i]);
        r.simulation = MigrationSimulation{};
        r.simulation->not_run = true;
        r.simulation->error = SimulationError{"not run: " + baseline_error, std::nullopt};
        out.migrations.push_back(std::move(r));
        continue;
      }
      if (options.seed_data) {
        batch.push_back(
            simulation.prepare(m, data.ready(state.name()), linted.migrations[i], true));
        if (batch.back().sim.seed)
          batch.back().sim.seed->seconds += data.seed_seconds();
      } else
        batch.push_back(simulation.prepare(m, state.name(), linted.migrations[i]));
      // Its place in history order, filled when the batch is measured.
      batch.back().slot = out.migrations.size();
      out.migrations.emplace_back();
      if (batch.size() == batch_size)
        measure_batch();
    }
    if (i + 1 == visited.migrations.size() || !baseline_error.empty())
      continue;
    // The statements of the up script, as split for linting (keep_all_statements).
    options.progress->phase(options.progress_prefix + "apply " + m.version + " " + m.name +
                            " (schema for the next)");
    if (auto f = state.advance(linted.migrations[i].scripts.front()))
      baseline_error = fmt::format("baseline: migration {} fails at {}:{}: {}", m.version,
                                   f->location.file, f->location.line, f->error.message);
    else if (options.seed_data)
      data.advance(linted.migrations[i].scripts.front());
  }
  measure_batch();
  out.summary = summarize(out);
  return out;
}

MigrationResult simulate_migration(const Migration& migration, Sandbox& sandbox,
                                   const SimulateOptions& options, const std::string& baseline) {
  return MigrationRun(sandbox, options)
      .run(migration, baseline, lint_migration(migration, options.lint));
}

void record_downgrade_checks(PgSession& session, const SchemaSnapshot& before,
                             MigrationSimulation& sim) {
  const SchemaSnapshot after = take_schema_snapshot(session);
  for (const auto& line : describe_schema_diff(before, after))
    sim.schema_diff.push_back(line);
  for (const auto& loss : compare_with_preserved(session)) {
    sim.data_changes.push_back(loss.sentence);
    sim.lossy = true;
  }
}

int simulation_exit_code(const LintResult& result, bool require_reversible) {
  for (const auto& m : result.migrations) {
    if (!m.simulation)
      continue;
    // A failed downgrade always carries its error; down_failed alone is checked all the same.
    const Verdict verdict = verdict_of(*m.simulation, m.has_down);
    if (verdict != Verdict::Reversible && verdict != Verdict::NoDown)
      return 1;
    if (m.simulation->down_failed || (verdict == Verdict::NoDown && require_reversible))
      return 1;
  }
  return 0;
}

} // namespace pgdrydock
