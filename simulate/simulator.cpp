#include "simulate/simulator.h"

#include <iostream>

#include <fmt/format.h>

#include "simulate/check/data_check.h"
#include "simulate/check/schema_snapshot.h"
#include "simulate/replay/replayer.h"
#include "simulate/sandbox/pg_session.h"

namespace pgdrydock {

namespace {

bool selected(const Migration& m, const std::set<std::string>& only) {
  if (only.empty())
    return true;
  for (const auto& o : only)
    if (m.version == o || m.name == o || m.version.rfind(o, 0) == 0)
      return true;
  return false;
}

ScriptResult* script_of(MigrationResult& r, Direction d) {
  for (auto& s : r.scripts)
    if (s.direction == d)
      return &s;
  return nullptr;
}

class MigrationRun {
public:
  MigrationRun(Sandbox& sandbox, const SimulateOptions& options)
      : sandbox_(sandbox), options_(options) {}

  // Simulates `m` on a copy of `baseline`; returns the lint result with measurements.
  // `linted`: the migration's lint result (predicted effects, findings) to measure against.
  MigrationResult run(const Migration& m, const std::string& baseline, MigrationResult linted);

private:
  ReplayOptions replay_options(const std::string& db, bool measure) const {
    ReplayOptions r;
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

MigrationResult MigrationRun::run(const Migration& m, const std::string& baseline,
                                  MigrationResult linted) {
  MigrationResult result = std::move(linted);
  MigrationSimulation sim;
  const std::string db = sandbox_.fresh_database_name(m.version);
  sim.database = db;
  sandbox_.create_database(db, baseline);

  if (options_.seed_data) {
    sandbox_.set_phase(SandboxPhase::Loading);
    sim.seed = seed_summary(seed_database(sandbox_.conninfo(db), options_.seed));
  }
  sandbox_.set_phase(SandboxPhase::Replaying);

  SchemaSnapshot before;
  {
    PgSession s(sandbox_.conninfo(db));
    before = take_schema_snapshot(s);
    if (m.down)
      preserve_table_data(s);
  }

  ScriptResult* up = script_of(result, Direction::Up);
  ScriptResult* down = script_of(result, Direction::Down);
  if (auto f = replay_script(*up, replay_options(db, true))) {
    fail(sim, *f, Direction::Up, db);
  } else if (!down) {
    sim.schema_diff.push_back("no down script: the migration cannot be undone");
  } else if (auto fd = replay_script(*down, replay_options(db, true))) {
    sim.down_failed = true;
    fail(sim, *fd, Direction::Down, db);
  } else {
    PgSession s(sandbox_.conninfo(db));
    record_downgrade_checks(s, before, sim);
    // Up must work again after down (a down that leaves a type or index behind often breaks it).
    ScriptResult again = *up;
    if (auto fa = replay_script(again, replay_options(db, false))) {
      sim.schema_diff.push_back(fmt::format("upgrade fails after downgrade at {}:{}: {} ({})",
                                            fa->location.file, fa->location.line, fa->error.message,
                                            fa->error.sqlstate));
      sim.up_again_failed = true;
    }
    sim.reversible = sim.schema_diff.empty();
  }
  if (!options_.keep_databases)
    sandbox_.drop_database(db);
  result.simulation = sim;
  return result;
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

LintResult simulate_migrations(const MigrationSet& set, Sandbox& sandbox,
                               const SimulateOptions& options) {
  LintResult out;
  out.pg_version = options.lint.pg_version;
  out.skipped = set.skipped;
  out.errors = set.errors;
  MigrationRun simulation(sandbox, options);
  // Linted together, so each migration's predictions see the schema the earlier ones built
  // (the catalog knows referenced tables, old column types, partitions).
  LintResult linted = lint_migrations(set, options.lint);

  // The schema before migration k: all earlier ups applied to an empty database, no data.
  std::string state = sandbox.fresh_database_name("state0");
  sandbox.create_database(state, "template0");
  std::string baseline_error;
  for (std::size_t i = 0; i < set.migrations.size(); ++i) {
    const Migration& m = set.migrations[i];
    const bool simulate_it = selected(m, options.only);
    if (simulate_it) {
      if (!baseline_error.empty()) {
        MigrationResult r = std::move(linted.migrations[i]);
        r.simulation = MigrationSimulation{};
        r.simulation->error = SimulationError{baseline_error, std::nullopt};
        out.migrations.push_back(std::move(r));
        continue;
      }
      out.migrations.push_back(simulation.run(m, state, std::move(linted.migrations[i])));
    }
    if (i + 1 == set.migrations.size() || !baseline_error.empty())
      break;
    // Advance the schema state by this migration's up script, run as its runner would.
    const std::string next = sandbox.fresh_database_name("state" + std::to_string(i + 1));
    sandbox.create_database(next, state);
    // The statements of the up script, as split for linting (keep_all_statements).
    const ScriptResult& up =
        simulate_it ? out.migrations.back().scripts.front() : linted.migrations[i].scripts.front();
    ReplayOptions ro;
    ro.conninfo = sandbox.conninfo(next);
    ro.statement_timeout_ms = options.statement_timeout_ms;
    ro.measure = false;
    ro.pg_version = options.lint.pg_version;
    ScriptResult up_copy = up; // replay_script records into the script it is given
    if (auto f = replay_script(up_copy, ro))
      baseline_error = fmt::format("baseline: migration {} fails at {}:{}: {}", m.version,
                                   f->location.file, f->location.line, f->error.message);
    sandbox.drop_database(state);
    state = next;
  }
  sandbox.drop_database(state);
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
