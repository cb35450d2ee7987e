// The blocking probe: a second session that, while a statement runs, keeps trying a read
// (SELECT ... LIMIT 0) and a write (DELETE ... WHERE false, rolled back) on each relation the
// statement touches, each with a short lock_timeout. A timed-out attempt means that kind of
// access was blocked then; the longest run of such attempts is the statement's blocking window.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pgdrydock {

class PgSession;

struct ProbeTarget {
  std::string relation; // quoted, schema-qualified
  bool writable = true; // tables: also try a write
};

struct BlockWindows {
  double reads_ms = 0;
  double writes_ms = 0;
};

class BlockProbe {
public:
  using Clock = std::chrono::steady_clock;
  static constexpr int kLockTimeoutMs = 10; // resolution of the measurement

  explicit BlockProbe(const std::string& conninfo); // connects in the background
  ~BlockProbe();
  BlockProbe(const BlockProbe&) = delete;
  BlockProbe& operator=(const BlockProbe&) = delete;

  // Starts probing these relations (empty: idle), once connected; throws ErrorException
  // when the probe could not connect.
  void watch(std::vector<ProbeTarget> targets);
  // Stops probing and returns the longest blocked windows inside [from, to], after waiting for
  // an attempt that started before `to` to finish.
  BlockWindows finish(Clock::time_point from, Clock::time_point to);

private:
  struct Interval {
    bool write;
    Clock::time_point start, end;
  };
  bool connect(const std::string& conninfo); // in the thread; false (error kept) on failure
  void loop();

  std::unique_ptr<PgSession> session_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<ProbeTarget> targets_;
  std::vector<Interval> blocked_;
  bool attempt_running_ = false;
  bool quit_ = false;
  bool connected_ = false; // the connection attempt is over (see connect_error_)
  std::string connect_error_;
  std::thread thread_;
};

} // namespace pgdrydock
