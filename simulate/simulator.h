// `pgdrydock simulate` without the command line: for each migration under test, a database
// holding the schema of all earlier migrations, synthetic data, then up -> down -> up replayed
// and measured, and the reversibility verdict. Results land in the shared report model
// (StatementResult::measured, MigrationResult::simulation: simulate/result/).
#pragma once

#include <set>
#include <string>

#include "lint/lint_driver.h"
#include "lint/lint_result.h"
#include "lint/migration.h"
#include "lint/support/progress.h"
#include "simulate/app_load/app_load_options.h"
#include "simulate/check/schema_snapshot.h"
#include "simulate/sandbox/pg_session.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/seed/seeder.h"

namespace pgdrydock {

struct SimulateOptions {
  LintOptions lint; // predictions to compare with
  SeedPlan seed;    // --rows
  bool seed_data = true;
  std::set<std::string> only; // --only: versions (or names) to simulate; empty: all
  long long statement_timeout_ms = 15LL * 60 * 1000;
  bool require_reversible = false;
  bool keep_databases = false; // --keep: leave each migration's database in place
  std::string schema_path;     // --schema: a pg_dump --schema-only restored before the first
  // What the run is doing, for the person watching (lint/support/progress.h). A size sweep runs
  // the whole set once per size: it names the size in each phase (progress_prefix) and says
  // which pass this is, so the time left counts every pass.
  Progress* progress = &no_progress();
  std::string progress_prefix;
  long long progress_pass = 0;
  long long progress_passes = 1;
  std::optional<AppLoadOptions> app_load; // --app-load: a synthetic workload beside each replay
};

LintResult simulate_migrations(const MigrationSet& set, Sandbox& sandbox,
                               const SimulateOptions& options);

// One migration, as simulate_migrations simulates each: on a seeded copy of `baseline` (a
// database of the sandbox holding the schema before it). For callers that build the schema
// states themselves (Alembic revisions that run online in between: simulate/alembic_online.h).
MigrationResult simulate_migration(const Migration& migration, Sandbox& sandbox,
                                   const SimulateOptions& options, const std::string& baseline);

// What a seeding run reports in a migration's simulation (rows per table: the x axis of a size
// sweep's fits, simulate/estimate/sweep.h).
SeedSummary seed_summary(const SeedReport& seeded);

// After a downgrade ran: what it left different from `before` (the schema before the upgrade)
// and the preserved rows it lost or changed, recorded on `sim`.
void record_downgrade_checks(PgSession& session, const SchemaSnapshot& before,
                             MigrationSimulation& sim);

// 1 when any simulated migration failed a check (a statement failed, the downgrade failed or
// did not restore schema or data, or, with require_reversible, there is no downgrade), else 0.
int simulation_exit_code(const LintResult& result, bool require_reversible);

} // namespace pgdrydock
