// Something that runs around each measured statement of a replay: the synthetic application
// workload (simulate/app_load/) opens its long transaction just before the statement, marks
// the statement's time window and may run it the careful way (lock_timeout, retries).
#pragma once

#include <functional>
#include <optional>

#include "lint/lint_result.h"
#include "simulate/sandbox/pg_session.h"

namespace pgdrydock {

class StatementHook {
public:
  using Send = std::function<std::optional<PgError>()>;
  virtual ~StatementHook() = default;
  // Runs the statement through `send` (one or more times) on the replayer's `session`; returns
  // the error of the last attempt. May throw ErrorException.
  virtual std::optional<PgError> around(const StatementResult& statement, PgSession& session,
                                        const Send& send) = 0;
};

} // namespace pgdrydock
