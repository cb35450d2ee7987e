// A statement run the way a careful migration runner runs DDL (--lock-timeout, --retries):
// with lock_timeout set, so that a statement waiting for its lock gives up before the
// application queues behind it for long; on a lock timeout, back off and try again.
#pragma once

#include <optional>

#include "simulate/replay/statement_hook.h"
#include "simulate/sandbox/pg_session.h"

namespace pgdrydock {

struct CarefulRun {
  std::optional<PgError> error; // of the last attempt
  int attempts = 1;
};

// Each attempt inside a savepoint of the replayer's open transaction (its own BEGIN, or the
// script's): a timed-out attempt is rolled back to it, releasing the queued lock request, and
// the rest of the transaction goes on. A statement outside a transaction (CONCURRENTLY) runs
// once as it is: a failed CREATE INDEX CONCURRENTLY leaves an invalid index a retry would
// trip over.
CarefulRun run_carefully(PgSession& session, const StatementHook::Send& send,
                         long long lock_timeout_ms, int retries);

// The wait before try n + 1 (n >= 1): doubling from 50 ms, at most 2 s.
long long careful_backoff_ms(int attempt);

} // namespace pgdrydock
