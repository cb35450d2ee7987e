// Alembic revisions that cannot render offline (they read rows through op.get_bind()) are run
// online by simulate instead: upgrade / downgrade of that one revision against a sandbox
// database, through render_revisions.py --online (argv only, no shell; the connection string
// travels in the environment so a --dsn password never shows in the process list). Each run is
// timed as a whole and reported as one statement of the migration (measured.online = true).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lint/alembic/alembic_source.h"
#include "lint/lint_result.h"
#include "lint/migration.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/simulator.h"

namespace pgdrydock {

struct AlembicStepResult {
  std::string action;       // "upgrade" or "downgrade"
  std::string revision;     // Alembic revision id
  std::optional<double> ms; // wall time of the step (BEGIN ... COMMIT), when it succeeded
  std::string error;        // the Python or PostgreSQL error; empty on success
  std::string sqlstate;     // when PostgreSQL raised it
  std::string statement;    // the SQL that failed, when known
  int line = 0;             // line of the revision file the error came from, 0 when unknown
};

struct AlembicOnlineRun {
  std::string fatal; // the helper could not run at all (no Python, no driver, bad alembic.ini)
  std::vector<AlembicStepResult> steps; // in order; the last one failed when any failed
  bool ok() const;
};

// One revision's step: {"upgrade" | "downgrade", revision id}.
using AlembicStep = std::pair<std::string, std::string>;

// Runs the steps in order (one Python process) against the database named by `conninfo`, with
// statement_timeout_ms as the sessions' statement_timeout. Stops at the first failing step.
AlembicOnlineRun run_alembic_online(const AlembicOptions& options, const std::string& conninfo,
                                    const std::vector<AlembicStep>& steps,
                                    long long statement_timeout_ms);

// simulate_migrations for an Alembic project where some revisions must run online: the
// offline migrations are replayed as SQL (simulate_migration), each online revision runs on a
// seeded copy of the schema before it (upgrade, downgrade, schema and data checks, upgrade
// again), and both advance the schema state in history order. `skipped` entries of revisions
// that were run online are dropped from the result: they are reported as migrations.
// A revision that fails inside its transaction (CREATE INDEX CONCURRENTLY without an autocommit
// block) is reported failed, and applied statement by statement to build the later schema
// states; the later migrations' simulation says so in "baseline_notes" (a list of sentences).
LintResult simulate_alembic_migrations(const MigrationSet& set,
                                       const std::vector<AlembicOnlineRevision>& online,
                                       const AlembicOptions& alembic, Sandbox& sandbox,
                                       const SimulateOptions& options);

} // namespace pgdrydock
