#include "lint/lint_workers.h"

namespace pgdrydock {

LintWorkers::LintWorkers(unsigned threads) {
  if (threads <= 1) {
    inline_parser_.emplace();
    return;
  }
  threads_.reserve(threads);
  for (unsigned t = 0; t < threads; ++t)
    threads_.emplace_back([this] { work(); });
}

LintWorkers::~LintWorkers() {
  finish();
}

void LintWorkers::post(Job job) {
  if (inline_parser_) {
    job(*inline_parser_);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  ready_.notify_one();
}

void LintWorkers::finish() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  ready_.notify_all();
  for (std::thread& t : threads_)
    if (t.joinable())
      t.join();
  threads_.clear();
}

void LintWorkers::work() {
  ParseSession parser;
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return closed_ || !jobs_.empty(); });
      if (jobs_.empty())
        return; // closed and drained
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job(parser); // outside the lock; drops the job's catalogs when it ends
  }
}

} // namespace pgdrydock
