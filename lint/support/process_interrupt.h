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

namespace pgdrydock {

// The signal (SIGINT, SIGTERM, SIGHUP) that interrupted this run, 0 while none came. Every
// handler pgdrydock installs notes it first, so that the thread still working knows that the
// failure it sees (a server killed under it) is the interrupt's doing and says nothing.
void note_interrupt(int sig); // async-signal-safe
int interrupt_signal();

// For the start of main: until a command installs a cleanup of its own (the sandbox's), an
// interrupt ends the run at once with 128 + the signal's number (130 for SIGINT, 143 for
// SIGTERM), after the process runner has killed the children still running.
void install_interrupt_exit();

} // namespace pgdrydock
