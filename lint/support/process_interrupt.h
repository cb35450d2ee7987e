// Inside the process runner: children die with us. A child of run_process runs in a process
// group of its own, so the terminal's Ctrl-C no longer reaches it; when pgdrydock gets SIGINT,
// SIGTERM or SIGHUP, the group of every child still running is killed first, then the signal
// takes the course it had before (the handler installed earlier, e.g. the sandbox's, or the
// default action). The parent-death signal covers only the direct child; this covers what it
// started too.
#pragma once

#include <sys/types.h>

namespace pgdrydock::process_detail {

// Registers a running child's process group for the duration of a scope.
class LiveGroup {
public:
  explicit LiveGroup(pid_t group);
  ~LiveGroup();
  LiveGroup(const LiveGroup&) = delete;
  LiveGroup& operator=(const LiveGroup&) = delete;

private:
  int slot_ = -1; // -1: every slot taken, the parent-death signal is all there is
};

} // namespace pgdrydock::process_detail
