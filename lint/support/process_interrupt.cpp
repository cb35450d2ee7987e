#include "lint/support/process_interrupt.h"

#include <signal.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <mutex>

namespace pgdrydock::process_detail {
namespace {

constexpr std::array<int, 3> kSignals{SIGINT, SIGTERM, SIGHUP};

// Lock-free slots: the signal handler only loads them.
std::array<std::atomic<pid_t>, 64> live_groups{};
// What each signal did before ours, written before our handler is installed.
std::array<struct sigaction, kSignals.size()> previous{};
std::once_flag installed;

extern "C" void kill_groups_then_chain(int sig, siginfo_t* info, void* context) {
  const int saved_errno = errno;
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

void install() {
  for (std::size_t i = 0; i < kSignals.size(); ++i) {
    if (sigaction(kSignals[i], nullptr, &previous[i]) != 0)
      continue;
    // An ignored signal stays ignored (a background job's SIGINT, nohup's SIGHUP).
    if (!(previous[i].sa_flags & SA_SIGINFO) && previous[i].sa_handler == SIG_IGN)
      continue;
    struct sigaction ours {};
    ours.sa_sigaction = kill_groups_then_chain;
    ours.sa_flags = SA_SIGINFO | SA_RESTART;
    sigfillset(&ours.sa_mask);
    sigaction(kSignals[i], &ours, nullptr);
  }
}

} // namespace

LiveGroup::LiveGroup(pid_t group) {
  std::call_once(installed, install);
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
