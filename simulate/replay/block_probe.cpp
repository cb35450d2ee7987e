#include "simulate/replay/block_probe.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "simulate/sandbox/pg_session.h"

namespace pgdrydock {

// The probe connects in its own thread: a backend takes milliseconds to start, which would
// otherwise be added to the first statement's replay; watch() waits for it.
BlockProbe::BlockProbe(const std::string& conninfo)
    : thread_([this, conninfo] {
        if (!connect(conninfo))
          return;
        // The thread is a boundary: a lost connection (the server stopping on Ctrl-C, a crash)
        // must not escape it and end the process; the next watch() reports it.
        try {
          loop();
        } catch (const std::exception& e) {
          {
            std::lock_guard lock(mutex_);
            connect_error_ = std::string("blocking probe: ") + e.what();
            attempt_running_ = false;
          }
          changed_.notify_all();
        }
      }) {}

bool BlockProbe::connect(const std::string& conninfo) {
  std::string error;
  try {
    PgSessionSettings settings;
    settings.lock_timeout_ms = kLockTimeoutMs;
    settings.statement_timeout_ms = 5000;
    settings.application_name = "pgdrydock-probe";
    session_ = std::make_unique<PgSession>(conninfo, settings);
  } catch (const std::exception& e) {
    error = std::string("blocking probe: ") + e.what();
  }
  {
    std::lock_guard lock(mutex_);
    connect_error_ = error;
    connected_ = true;
  }
  changed_.notify_all();
  return error.empty();
}

BlockProbe::~BlockProbe() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void BlockProbe::watch(std::vector<ProbeTarget> targets) {
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return connected_; });
    if (!connect_error_.empty())
      throw ErrorException(environment_error(connect_error_));
    targets_ = std::move(targets);
    blocked_.clear();
  }
  changed_.notify_all();
}

void BlockProbe::loop() {
  std::size_t next = 0;
  bool write = false;
  for (;;) {
    ProbeTarget target;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return quit_ || !targets_.empty(); });
      if (quit_)
        return;
      next %= targets_.size();
      target = targets_[next];
      if (write && !target.writable)
        write = false;
      attempt_running_ = true;
    }
    // The write attempt deletes nothing but needs the lock a real write needs; rolled back, so
    // statement-level triggers leave no trace.
    const std::string sql =
        write ? fmt::format("BEGIN; DELETE FROM {} WHERE false; ROLLBACK", target.relation)
              : fmt::format("BEGIN; SELECT 1 FROM {} LIMIT 0; ROLLBACK", target.relation);
    const auto start = Clock::now();
    auto error = session_->exec(sql);
    const auto end = Clock::now();
    if (error && session_->in_transaction())
      session_->exec("ROLLBACK");
    {
      std::lock_guard lock(mutex_);
      if (error && error->sqlstate == "55P03")
        blocked_.push_back({write, start, end});
      attempt_running_ = false;
      if (write || !target.writable)
        ++next;
      write = !write && target.writable;
    }
    changed_.notify_all();
    if (!error)
      std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
}

BlockWindows BlockProbe::finish(Clock::time_point from, Clock::time_point to) {
  std::vector<Interval> intervals;
  {
    std::unique_lock lock(mutex_);
    targets_.clear();
    changed_.wait(lock, [&] { return !attempt_running_; });
    intervals.swap(blocked_);
  }
  BlockWindows out;
  for (bool write : {false, true}) {
    // Consecutive blocked attempts (gaps under one attempt's length) form one window.
    std::vector<std::pair<Clock::time_point, Clock::time_point>> spans;
    for (const auto& i : intervals) {
      if (i.write != write)
        continue;
      auto s = std::max(i.start, from), e = std::min(i.end, to);
      if (e <= s)
        continue;
      if (!spans.empty() && s - spans.back().second < std::chrono::milliseconds(2 * kLockTimeoutMs))
        spans.back().second = std::max(spans.back().second, e);
      else
        spans.emplace_back(s, e);
    }
    double longest = 0;
    for (const auto& [s, e] : spans)
      longest = std::max(longest, std::chrono::duration<double, std::milli>(e - s).count());
    (write ? out.writes_ms : out.reads_ms) = longest;
  }
  return out;
}

} // namespace pgdrydock
