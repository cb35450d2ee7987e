// Whether a process is still running, for tests that check a runner's kill reached it.
#pragma once

#include <sys/types.h>

#include <signal.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

namespace pgdrydock::test {

// Running, sleeping or stopped; a zombie waiting for a reaper that is not us counts as gone.
inline bool process_running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text))
    return false;
  std::size_t paren = text.rfind(')'); // the command name may hold spaces and parentheses
  return paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] != 'Z';
}

// Waits up to two seconds for `pid` to be gone (the kill is asynchronous); true when it went.
// One that is still there is killed, so a failing test leaves nothing behind.
inline bool gone_soon(pid_t pid) {
  for (int i = 0; i < 100; ++i) {
    if (!process_running(pid))
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGKILL);
  return false;
}

} // namespace pgdrydock::test
