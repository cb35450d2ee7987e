// Who waits behind whom: a thread on its own session that, every few milliseconds, reads the
// sessions of the database waiting on a lock and the sessions blocking each
// (pg_blocking_pids()). The application's blocked queries, the statement's own lock wait and
// the queue behind it are read from these rounds afterwards (impact.h).
#pragma once

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "simulate/app_load/stop_signal.h"
#include "simulate/sandbox/pg_session.h"

namespace pgdrydock {

struct LockWait {
  int pid = 0;
  std::vector<int> blockers;
};

// One reading: every waiting session at `at`.
struct SampleRound {
  std::chrono::steady_clock::time_point at;
  std::vector<LockWait> waiting;
};

class LockSampler {
public:
  static constexpr int kIntervalMs = 5; // resolution of blocked times and queue detection

  explicit LockSampler(const std::string& conninfo); // connects; throws ErrorException
  ~LockSampler();                                    // stop()
  LockSampler(const LockSampler&) = delete;
  LockSampler& operator=(const LockSampler&) = delete;

  // Cancels whatever each of `pids` is running (pg_cancel_backend): ends application queries
  // still waiting when the replay is over. Not while sampling: call after stop().
  void cancel(const std::vector<int>& pids);
  void stop();
  // After stop(): the rounds, in time order.
  const std::vector<SampleRound>& rounds() const { return rounds_; }

private:
  void loop();

  PgSession session_;
  std::vector<SampleRound> rounds_;
  StopSignal stop_;
  std::thread thread_;
};

// "{12,34}" -> {12, 34}.
std::vector<int> parse_pid_array(const std::string& text);

} // namespace pgdrydock
