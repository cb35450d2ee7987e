// The lint's worker threads: jobs (a migration's down script and migration-level checks) run
// as soon as they are posted, while the catalog replay on the posting thread moves on to the
// next migration. Each thread has its own ParseSession (libpg_query is thread-safe, the
// session's JSON parser is not).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "lint/sql_parser.h"

namespace pgdrydock {

class LintWorkers {
public:
  using Job = std::function<void(ParseSession& parser)>;

  // threads <= 1: every job runs on the posting thread inside post(), in the order posted (the
  // serial lint, --threads 1).
  explicit LintWorkers(unsigned threads);
  LintWorkers(const LintWorkers&) = delete;
  LintWorkers& operator=(const LintWorkers&) = delete;
  ~LintWorkers(); // runs what is still queued, then joins (see finish)

  // A job must not throw: it records its own failure (the driver keeps them in history order).
  void post(Job job);
  // Waits until every posted job has run and the threads have ended.
  void finish();

private:
  void work();

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> jobs_;
  bool closed_ = false;
  std::vector<std::thread> threads_;
  std::optional<ParseSession> inline_parser_; // the serial case's session
};

} // namespace pgdrydock
