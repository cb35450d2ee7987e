// Replays one script statement by statement on a real server, honouring how its runner sends
// it (lint/migration.h TransactionMode), and records per statement what really happened.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "lint/lint_result.h"
#include "simulate/sandbox/pg_session.h"

namespace pgdrydock {

struct ReplayOptions {
  std::string conninfo; // the database to replay in
  long long statement_timeout_ms = 15 * 60 * 1000;
  bool measure = true; // false: run plainly (building baselines, the overhead benchmark)
  int pg_version = 15;
};

struct ReplayFailure {
  int statement_index = 0;
  SourceLocation location;
  std::string statement;
  PgError error;
  nlohmann::json to_json(Direction direction) const;
};

// Runs script.statements in order. With measure, fills each StatementResult::measured:
// {"observed": [{"relation","lock","rewrite"}], "duration_ms", "blocked_reads_ms",
//  "blocked_writes_ms", "mismatch": [...], "lock_observation": "transaction"|"sampled"}.
// Stops at the first failing statement (an open transaction is rolled back, as a runner
// would) and returns it.
std::optional<ReplayFailure> replay_script(ScriptResult& script, const ReplayOptions& options);

} // namespace pgdrydock
