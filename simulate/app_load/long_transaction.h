// The "analytics query" or "idle in transaction" of production (--long-transaction): a session
// that opens a transaction, reads each workload table (taking ACCESS SHARE on it) and stays
// open until its duration has passed or it is ended, then rolls back and disconnects.
#pragma once

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "simulate/app_load/stop_signal.h"
#include "simulate/sandbox/pg_session.h"

namespace pgdrydock {

class LongTransaction {
public:
  // Returns once the reads are done (their locks granted). `tables`: quoted names. Throws
  // ErrorException when it cannot connect or read.
  LongTransaction(const std::string& conninfo, const std::vector<std::string>& tables,
                  std::chrono::milliseconds duration);
  ~LongTransaction(); // end()
  LongTransaction(const LongTransaction&) = delete;
  LongTransaction& operator=(const LongTransaction&) = delete;

  // Ends it now if still open (rollback), and waits for that.
  void end();

private:
  PgSession session_;
  std::chrono::steady_clock::time_point until_;
  StopSignal stop_;
  std::thread thread_;
};

} // namespace pgdrydock
