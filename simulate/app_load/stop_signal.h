// What the workload's threads (clients, sampler, long transaction) sleep on between their
// steps: raised once, it ends every wait at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace pgdrydock {

class StopSignal {
public:
  void raise() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      raised_ = true;
    }
    changed_.notify_all();
  }
  // Sleeps until `deadline` or until raised; true when raised.
  bool wait_until(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_until(lock, deadline, [this] { return raised_; });
  }

private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool raised_ = false;
};

} // namespace pgdrydock
