#include "lint/support/process_interrupt.h"

#include <signal.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <mutex>

#include <unistd.h>

namespace pgdrydock::process_detail {
namespace {

constexpr std::array<int, 3> kSignals{SIGINT, SIGTERM, SIGHUP};

// Lock-free slots: the signal handler only loads them.
std::array<std::atomic<pid_t>, 64> live_groups{};
// What each signal did before ours. Written only while ours is not installed for that signal
// (so never while our handler could be reading it).
std::array<struct sigaction, kSignals.size()> previous{};
std::mutex install_mutex;

extern "C" void kill_groups_then_chain(int sig, siginfo_t* info, void* context) {
  const int saved_errno = errno;
  note_interrupt(sig);
  for (auto& group : live_groups) {
    pid_t g = group.load();
    if (g > 0)
      kill(-g, SIGKILL);
  }
  for (std::size_t i = 0; i < kSignals.size(); ++i) {
    if (kSignals[i] != sig)
      continue;
    const struct sigaction& before = previous[i];
    if (before.sa_flags & SA_SIGINFO) {
      before.sa_sigaction(sig, info, context);
    } else if (before.sa_handler == SIG_DFL) {
      // The default action, as if we had not been here: blocked while we run, it is
      // delivered when this handler returns.
      signal(sig, SIG_DFL);
      raise(sig);
    } else if (before.sa_handler != SIG_IGN) {
      before.sa_handler(sig);
    }
  }
  errno = saved_errno;
}

// Puts our handler in front of whatever handles each signal now. Checked at every run, not
// once: a handler installed after ours (the sandbox's) replaces it, and we go in front again.
void install() {
  std::lock_guard lock(install_mutex);
  for (std::size_t i = 0; i < kSignals.size(); ++i) {
    struct sigaction now {};
    if (sigaction(kSignals[i], nullptr, &now) != 0)
      continue;
    const bool siginfo = now.sa_flags & SA_SIGINFO;
    if (siginfo && now.sa_sigaction == kill_groups_then_chain)
      continue;
    // An ignored signal stays ignored (a background job's SIGINT, nohup's SIGHUP).
    if (!siginfo && now.sa_handler == SIG_IGN)
      continue;
    previous[i] = now;
    struct sigaction ours {};
    ours.sa_sigaction = kill_groups_then_chain;
    ours.sa_flags = SA_SIGINFO | SA_RESTART;
    sigfillset(&ours.sa_mask);
    sigaction(kSignals[i], &ours, nullptr);
  }
}

} // namespace

LiveGroup::LiveGroup(pid_t group) {
  install();
  for (std::size_t i = 0; i < live_groups.size(); ++i) {
    pid_t empty = 0;
    if (live_groups[i].compare_exchange_strong(empty, group)) {
      slot_ = static_cast<int>(i);
      return;
    }
  }
}

LiveGroup::~LiveGroup() {
  if (slot_ >= 0)
    live_groups[static_cast<std::size_t>(slot_)].store(0);
}

} // namespace pgdrydock::process_detail

namespace pgdrydock {
namespace {

std::atomic<int> interrupted_by{0};
static_assert(std::atomic<int>::is_always_lock_free, "read and written by signal handlers");

extern "C" void exit_on_interrupt(int sig) {
  note_interrupt(sig);
  _exit(128 + sig);
}

} // namespace

void note_interrupt(int sig) {
  int none = 0;
  interrupted_by.compare_exchange_strong(none, sig); // the first signal is the one reported
}

int interrupt_signal() {
  return interrupted_by.load();
}

void install_interrupt_exit() {
  struct sigaction action {};
  action.sa_handler = exit_on_interrupt;
  sigfillset(&action.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction now {};
    // An ignored signal stays ignored (a background job's SIGINT, nohup's SIGHUP).
    if (sigaction(sig, nullptr, &now) == 0 && !(now.sa_flags & SA_SIGINFO) &&
        now.sa_handler == SIG_IGN)
      continue;
    sigaction(sig, &action, nullptr);
  }
}

} // namespace pgdrydock
