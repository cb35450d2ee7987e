#include "simulate/app_load/long_transaction.h"

#include "lint/support/error.h"

namespace pgdrydock {
namespace {

PgSessionSettings long_transaction_settings() {
  PgSessionSettings s;
  s.application_name = "pgdrydock-app-long-transaction";
  return s;
}

} // namespace

LongTransaction::LongTransaction(const std::string& conninfo,
                                 const std::vector<std::string>& tables,
                                 std::chrono::milliseconds duration)
    : session_(conninfo, long_transaction_settings()),
      until_(std::chrono::steady_clock::now() + duration) {
  std::string sql = "BEGIN;";
  for (const auto& table : tables)
    sql += " SELECT 1 FROM " + table + " LIMIT 1;";
  if (auto error = session_.exec(sql))
    throw ErrorException(environment_error("--long-transaction: " + error->message));
  // The wait runs beside the replay; the rollback happens in the same thread, so the session
  // is never used by two threads at once.
  thread_ = std::thread([this] {
    stop_.wait_until(until_);
    try {
      session_.exec("ROLLBACK");
    } catch (const std::exception&) {
      // The server is gone: so is the transaction.
    }
  });
}

LongTransaction::~LongTransaction() {
  end();
}

void LongTransaction::end() {
  stop_.raise();
  if (thread_.joinable())
    thread_.join();
}

} // namespace pgdrydock
