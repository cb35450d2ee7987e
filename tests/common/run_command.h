// Runs a command (usually the built pgdrydock executable, arguments as typed) through the shell,
// capturing stdout and stderr together: for end-to-end tests that need only the exit code and
// the text.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace pgdrydock::test {

struct CommandRun {
  int exit_code = -1; // -1 when it did not exit normally
  std::string output; // stdout and stderr together
};

// Any shell command line, stdout and stderr together.
inline CommandRun run_shell(const std::string& command) {
  CommandRun r;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe)
    return r;
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe))
    r.output.append(buffer, n);
  int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline CommandRun run_pgdrydock_command(const std::string& args) {
  return run_shell(std::string(PGDRYDOCK_BINARY) + " " + args);
}

} // namespace pgdrydock::test
