#include "lint/support/process_runner.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "lint/support/process_interrupt.h"
#include "lint/support/process_spawn.h"

namespace pgdrydock {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::optional<RunAs> lookup_user(const std::string& name) {
  long size = sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(size > 0 ? static_cast<std::size_t>(size) : 16384);
  passwd pw{};
  passwd* found = nullptr;
  if (getpwnam_r(name.c_str(), &pw, buffer.data(), buffer.size(), &found) != 0 || !found)
    return std::nullopt;
  RunAs user;
  user.name = name;
  user.uid = pw.pw_uid;
  user.gid = pw.pw_gid;
  int count = 64;
  user.groups.resize(static_cast<std::size_t>(count));
  if (getgrouplist(name.c_str(), pw.pw_gid, user.groups.data(), &count) < 0) {
    user.groups.resize(static_cast<std::size_t>(count));
    getgrouplist(name.c_str(), pw.pw_gid, user.groups.data(), &count);
  }
  user.groups.resize(static_cast<std::size_t>(count));
  return user;
}

ExitStatus::ExitStatus(Kind kind, int code, int signal, milliseconds after, std::string why)
    : kind_(kind), code_(code), signal_(signal), after_(after), start_error_(std::move(why)) {}

ExitStatus ExitStatus::exited(int code) {
  return ExitStatus(Kind::exited, code, 0, {}, {});
}

ExitStatus ExitStatus::signaled(int signal) {
  return ExitStatus(Kind::signaled, -1, signal, {}, {});
}

ExitStatus ExitStatus::timed_out(milliseconds after) {
  return ExitStatus(Kind::timed_out, -1, 0, after, {});
}

ExitStatus ExitStatus::not_started(std::string why) {
  return ExitStatus(Kind::not_started, -1, 0, {}, std::move(why));
}

ExitStatus ExitStatus::from_wait_status(int status) {
  if (WIFEXITED(status))
    return exited(WEXITSTATUS(status));
  if (WIFSIGNALED(status))
    return signaled(WTERMSIG(status));
  return not_started("unexpected wait status");
}

int ExitStatus::shell_code() const {
  switch (kind_) {
  case Kind::exited:
    return code_;
  case Kind::signaled:
    return 128 + signal_;
  case Kind::timed_out:
    return 124;
  case Kind::not_started:
    return 127;
  }
  return 127;
}

std::string ExitStatus::describe() const {
  switch (kind_) {
  case Kind::exited:
    return fmt::format("exited with {}", code_);
  case Kind::signaled: {
    const char* abbrev = sigabbrev_np(signal_);
    return abbrev ? fmt::format("killed by signal {} (SIG{})", signal_, abbrev)
                  : fmt::format("killed by signal {}", signal_);
  }
  case Kind::timed_out:
    return fmt::format("timed out after {:g} s", static_cast<double>(after_.count()) / 1000.0);
  case Kind::not_started:
    return "could not start: " + start_error_;
  }
  return "";
}

namespace {

// While we feed a child's stdin, a child that stops reading must not end us with SIGPIPE:
// the signal is blocked in this thread and any pending one is consumed before unblocking.
class SigpipeGuard {
public:
  explicit SigpipeGuard(bool active) : active_(active) {
    if (!active_)
      return;
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, &previous_);
  }
  ~SigpipeGuard() {
    if (!active_)
      return;
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    timespec zero{};
    while (sigtimedwait(&pipe_only, nullptr, &zero) == SIGPIPE) {
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

private:
  bool active_;
  sigset_t previous_{};
};

// The escalation on timeout: SIGTERM to the group, SIGKILL after the grace, and after one
// more second we stop waiting for pipes that an escaped grandchild may still hold.
struct Deadline {
  // A time point and a flag rather than std::optional: GCC 12 at -O3 reports a false
  // maybe-uninitialized read of the optional's value (Release build, warnings as errors).
  bool armed = false;
  Clock::time_point next{};
  int stage = 0; // 0 running, 1 SIGTERM sent, 2 SIGKILL sent, 3 given up on the pipes

  int poll_ms(int cap) const {
    if (!armed)
      return cap;
    auto left = std::chrono::duration_cast<milliseconds>(next - Clock::now()).count();
    int ms = static_cast<int>(std::clamp<long long>(left, 0, 60000));
    return cap < 0 ? ms : std::min(ms, cap);
  }

  void advance(pid_t group, milliseconds grace) {
    if (!armed || Clock::now() < next)
      return;
    if (stage == 0) {
      kill(-group, SIGTERM);
      next = Clock::now() + grace;
    } else if (stage == 1) {
      kill(-group, SIGKILL);
      next = Clock::now() + milliseconds(1000);
    } else {
      armed = false;
    }
    ++stage;
  }
};

class Pump {
public:
  Pump(process_detail::Spawned& child, const std::string& input, ProcessResult& result)
      : input_(input) {
    fds_[0] = child.stdout_fd.release();
    fds_[1] = child.stderr_fd.release();
    fds_[2] = child.stdin_fd.release();
    sinks_ = {&result.out, &result.err};
    if (fds_[2] >= 0) {
      fcntl(fds_[2], F_SETFL, fcntl(fds_[2], F_GETFL) | O_NONBLOCK);
      if (input_.empty())
        close_at(2);
    }
  }
  ~Pump() {
    for (std::size_t i = 0; i < fds_.size(); ++i)
      close_at(i);
  }
  Pump(const Pump&) = delete;
  Pump& operator=(const Pump&) = delete;

  bool open() const { return fds_[0] >= 0 || fds_[1] >= 0 || fds_[2] >= 0; }
  void close_all() {
    for (std::size_t i = 0; i < fds_.size(); ++i)
      close_at(i);
  }

  // One round: waits up to `wait_ms` for output or room in stdin, moves what it can.
  void step(int wait_ms) {
    std::array<pollfd, 3> p{pollfd{fds_[0], POLLIN, 0}, pollfd{fds_[1], POLLIN, 0},
                            pollfd{fds_[2], POLLOUT, 0}};
    if (poll(p.data(), p.size(), wait_ms) <= 0)
      return; // timeout, or EINTR (a signal handler of ours ran): the caller loops
    for (std::size_t i = 0; i < 2; ++i) {
      if (fds_[i] < 0 || p[i].revents == 0)
        continue;
      ssize_t n = ::read(fds_[i], buffer_.data(), buffer_.size());
      if (n > 0)
        sinks_[i]->append(buffer_.data(), static_cast<std::size_t>(n));
      else if (n == 0 || errno != EINTR)
        close_at(i);
    }
    if (fds_[2] >= 0 && p[2].revents != 0) {
      ssize_t n = ::write(fds_[2], input_.data() + written_, input_.size() - written_);
      if (n > 0)
        written_ += static_cast<std::size_t>(n);
      else if (errno != EAGAIN && errno != EINTR)
        written_ = input_.size(); // the child closed its stdin: the rest is not wanted
      if (written_ == input_.size())
        close_at(2);
    }
  }

private:
  void close_at(std::size_t i) {
    if (fds_[i] >= 0)
      ::close(fds_[i]);
    fds_[i] = -1;
  }

  std::array<int, 3> fds_{-1, -1, -1}; // stdout, stderr, stdin
  std::array<std::string*, 2> sinks_{};
  const std::string& input_;
  std::size_t written_ = 0;
  std::array<char, 65536> buffer_{};
};

} // namespace

ProcessResult run_process(const ProcessOptions& options) {
  ProcessResult result;
  const std::string no_input;
  SigpipeGuard sigpipe(options.stdin_text.has_value());
  ProcessOptions effective = options;
  if (effective.parent_death_signal == 0)
    effective.parent_death_signal = SIGKILL;
  process_detail::Spawned child = process_detail::spawn(effective, true);
  if (child.pid < 0) {
    result.status = ExitStatus::not_started(child.error);
    return result;
  }
  process_detail::LiveGroup registered(child.pid); // killed with us on SIGINT/SIGTERM/SIGHUP
  const auto started = Clock::now();
  Deadline deadline;
  if (options.timeout.count() > 0) {
    deadline.armed = true;
    deadline.next = started + options.timeout;
  }
  Pump pump(child, options.stdin_text ? *options.stdin_text : no_input, result);

  int status = 0;
  rusage usage{};
  for (;;) {
    if (pump.open()) {
      pump.step(deadline.poll_ms(-1));
    } else {
      pid_t r = wait4(child.pid, &status, WNOHANG, &usage);
      if (r == child.pid || (r < 0 && errno != EINTR))
        break;
      std::this_thread::sleep_for(milliseconds(deadline.poll_ms(10)));
    }
    deadline.advance(child.pid, options.grace);
    if (deadline.stage == 3)
      pump.close_all();
  }
  if (deadline.stage > 0) {
    // Whatever of the group outlived the direct child (a grandchild that ignored SIGTERM or
    // closed its output early) ends now too.
    kill(-child.pid, SIGKILL);
    result.status = ExitStatus::timed_out(options.timeout);
  } else {
    result.status = ExitStatus::from_wait_status(status);
  }
  result.max_rss_kb = usage.ru_maxrss;
  return result;
}

Expected<pid_t> start_process(const ProcessOptions& options) {
  process_detail::Spawned child = process_detail::spawn(options, false);
  if (child.pid < 0) {
    std::string who = options.run_as ? fmt::format(" as user '{}'", options.run_as->name) : "";
    return fail(environment_error(fmt::format("cannot run {}{}: {}",
                                              options.argv.empty() ? "" : options.argv.front(), who,
                                              child.error)));
  }
  return child.pid;
}

std::optional<ExitStatus> wait_for_exit(pid_t pid, milliseconds deadline) {
  const auto until = Clock::now() + deadline;
  for (;;) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid)
      return ExitStatus::from_wait_status(status);
    if (r < 0 && errno == ECHILD)
      return ExitStatus::not_started(fmt::format("no child process {} (already reaped)", pid));
    if (Clock::now() >= until)
      return std::nullopt;
    std::this_thread::sleep_for(milliseconds(5));
  }
}

} // namespace pgdrydock
