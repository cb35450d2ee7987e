#include "cli/progress_display.h"

#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

#include <fmt/format.h>

namespace pgdrydock {
namespace {

using Clock = std::chrono::steady_clock;

std::string clock_text(Clock::duration d) {
  const long long s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                   : fmt::format("{}:{:02}", s / 60, s % 60);
}

// What every display knows: the phase, the overall position, and the line describing them.
class ProgressState {
public:
  std::string line(Clock::time_point now) const {
    std::string out = fmt::format("pgdrydock [{}] {}", clock_text(now - start_), phase_);
    if (total_ > 0) {
      out += fmt::format(" ({}/{}", done_, total_);
      // Time left from the pace so far; only once a step is done (before, it is a guess).
      if (done_ > 0 && done_ < total_)
        out += ", ~" + clock_text((now - start_) * (total_ - done_) / done_) + " left";
      out += ")";
    }
    return out;
  }
  void overall(long long done, long long total) {
    done_ = done;
    total_ = total;
  }
  void phase(std::string_view name) { phase_ = name; }
  Clock::time_point start() const { return start_; }

private:
  Clock::time_point start_ = Clock::now();
  std::string phase_ = "starting";
  long long done_ = 0, total_ = 0;
};

// One line per phase, for logs.
class LineDisplay final : public Progress {
public:
  explicit LineDisplay(std::ostream& err) : err_(err) {}
  void overall(long long done, long long total) override {
    std::lock_guard lock(mutex_);
    state_.overall(done, total);
  }
  void phase(std::string_view name) override {
    std::lock_guard lock(mutex_);
    state_.phase(name);
    err_ << state_.line(Clock::now()) << '\n' << std::flush;
  }
  void message(std::string_view line) override {
    std::lock_guard lock(mutex_);
    err_ << line << '\n' << std::flush;
  }
  void finish() override {}

private:
  std::ostream& err_;
  std::mutex mutex_;
  ProgressState state_;
};

// One line redrawn in place; a ticker keeps the elapsed time moving during a long phase.
class TerminalDisplay final : public Progress {
public:
  TerminalDisplay(std::ostream& err, std::chrono::milliseconds delay)
      : err_(err), delay_(delay), ticker_([this] { tick(); }) {}
  ~TerminalDisplay() override { finish(); }
  void overall(long long done, long long total) override {
    std::lock_guard lock(mutex_);
    state_.overall(done, total);
    draw();
  }
  void phase(std::string_view name) override {
    std::lock_guard lock(mutex_);
    state_.phase(name);
    draw();
  }
  void message(std::string_view line) override {
    std::lock_guard lock(mutex_);
    if (drawn_)
      err_ << "\r\x1b[K";
    err_ << line << '\n' << std::flush;
    drawn_ = false;
    draw(); // the progress line again, below the message
  }
  void finish() override {
    {
      std::lock_guard lock(mutex_);
      if (stopped_)
        return;
      stopped_ = true;
      if (drawn_)
        err_ << "\r\x1b[K" << std::flush; // leave the terminal as it was
    }
    wake_.notify_all();
    ticker_.join();
  }

private:
  void draw() { // with mutex_ held
    const Clock::time_point now = Clock::now();
    if (stopped_ || now - state_.start() < delay_)
      return;
    std::string line = state_.line(now);
    if (line.size() > 160) // one terminal line, no wrapping that the \r could not undo
      line.resize(160);
    err_ << "\r\x1b[K" << line << std::flush;
    drawn_ = true;
  }
  void tick() {
    std::unique_lock lock(mutex_);
    while (!stopped_) {
      wake_.wait_for(lock, std::chrono::milliseconds(500));
      draw();
    }
  }

  std::ostream& err_;
  std::chrono::milliseconds delay_;
  std::mutex mutex_;
  std::condition_variable wake_;
  ProgressState state_;
  bool stopped_ = false;
  bool drawn_ = false;
  std::thread ticker_; // last: started once everything it reads exists
};

} // namespace

ProgressMode progress_mode(bool quiet, bool progress_flag) {
  if (quiet)
    return ProgressMode::none;
  const char* term = std::getenv("TERM");
  if (::isatty(STDERR_FILENO) && !(term && std::strcmp(term, "dumb") == 0))
    return ProgressMode::terminal;
  return progress_flag ? ProgressMode::lines : ProgressMode::none;
}

std::unique_ptr<Progress> make_progress_display(ProgressMode mode, std::ostream& err,
                                                std::chrono::milliseconds delay) {
  switch (mode) {
  case ProgressMode::terminal:
    return std::make_unique<TerminalDisplay>(err, delay);
  case ProgressMode::lines:
    return std::make_unique<LineDisplay>(err);
  case ProgressMode::none:
    break;
  }
  return nullptr;
}

} // namespace pgdrydock
