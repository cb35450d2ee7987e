#include "simulate/app_load/careful_runner.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include <fmt/format.h>

namespace pgdrydock {
namespace {

constexpr const char* kLockNotAvailable = "55P03";

} // namespace

long long careful_backoff_ms(int attempt) {
  const int doublings = std::clamp(attempt - 1, 0, 10);
  return std::min(2000LL, 50LL << doublings);
}

CarefulRun run_carefully(PgSession& session, const StatementHook::Send& send,
                         long long lock_timeout_ms, int retries) {
  if (!session.in_transaction())
    return {send(), 1};
  for (int attempt = 1;; ++attempt) {
    if (auto e = session.exec(fmt::format(
            "SAVEPOINT pgdrydock_careful; SET LOCAL lock_timeout = '{}ms'", lock_timeout_ms)))
      return {e, attempt};
    std::optional<PgError> error = send();
    if (!error) {
      // The session's own lock_timeout again for what follows in this transaction.
      return {session.exec("SET LOCAL lock_timeout TO DEFAULT; RELEASE SAVEPOINT "
                           "pgdrydock_careful"),
              attempt};
    }
    if (error->sqlstate != kLockNotAvailable || attempt > retries)
      return {error, attempt};
    if (auto e = session.exec("ROLLBACK TO SAVEPOINT pgdrydock_careful; RELEASE SAVEPOINT "
                              "pgdrydock_careful"))
      return {e, attempt};
    std::this_thread::sleep_for(std::chrono::milliseconds(careful_backoff_ms(attempt)));
  }
}

} // namespace pgdrydock
