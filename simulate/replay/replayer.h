// Replays one script statement by statement on a real server, honouring how its runner sends
// it (lint/migration.h TransactionMode), and records per statement what really happened.
#pragma once

#include <optional>
#include <string>

#include "lint/lint_result.h"
#include "simulate/replay/statement_hook.h"
#include "simulate/sandbox/pg_session.h"

namespace pgdrydock {

struct ReplayOptions {
  std::string conninfo; // the database to replay in
  long long statement_timeout_ms = 15 * 60 * 1000;
  bool measure = true; // false: run plainly (building baselines, the overhead benchmark)
  int pg_version = 15;
  StatementHook* hook = nullptr; // around each measured statement (none: sent as it is)
};

struct ReplayFailure {
  int statement_index = 0;
  SourceLocation location;
  std::string statement;
  PgError error;
  // As a migration's simulation reports it (MigrationSimulation::error).
  SimulationError to_error(Direction direction) const;
};

// Runs script.statements in order. With measure, fills each StatementResult::measured
// (StatementObservation: relations locked or rewritten, duration, reads and writes blocked,
// model mismatches, how locks were observed; the COMMIT's time on the last statement of a
// wrapped script).
// Stops at the first failing statement (an open transaction is rolled back, as a runner
// would) and returns it.
std::optional<ReplayFailure> replay_script(ScriptResult& script, const ReplayOptions& options);

} // namespace pgdrydock
