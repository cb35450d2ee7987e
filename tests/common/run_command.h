// Runs a command (usually the built pgdrydock executable, arguments as typed) through the
// product's process runner, capturing stdout and stderr together: for end-to-end tests that need
// only the exit code and the text. No shell: a line of arguments is split at spaces (test
// arguments hold no quoting and no spaces).
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "lint/support/process_runner.h"

namespace pgdrydock::test {

struct CommandRun {
  int exit_code = -1; // -1 when it did not exit normally
  std::string output; // stdout and stderr together
};

struct CapturedRun {
  int exit_code = -1; // -1 when it did not exit normally
  std::string out;    // stdout
  std::string err;    // stderr, then why it could not start if it did not
};

// Runs argv (stdin /dev/null) in `cwd` (empty: ours), stdout and stderr apart.
inline CapturedRun run_captured(std::vector<std::string> argv, const std::string& cwd = {}) {
  ProcessOptions options;
  options.argv = std::move(argv);
  options.cwd = cwd;
  ProcessResult run = run_process(options);
  return {run.status.code(), std::move(run.out), std::move(run.err) + run.status.start_error()};
}

// "simulate dir --keep" -> {"simulate", "dir", "--keep"}.
inline std::vector<std::string> split_words(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  for (std::string word; in >> word;)
    words.push_back(word);
  return words;
}

// Runs argv with stderr interleaved into stdout, as a terminal shows them.
inline CommandRun run_argv(std::vector<std::string> argv) {
  ProcessOptions options;
  options.argv = std::move(argv);
  options.stderr_to = Output::to_stdout;
  ProcessResult run = run_process(options);
  return {run.status.code(), run.out + run.status.start_error()};
}

// A line pgdrydock prints for the user's shell (keep_test runs the printed stop command as
// printed): here the shell is the program under test.
inline CommandRun run_shell(const std::string& command) {
  return run_argv({"/bin/sh", "-c", command});
}

inline CommandRun run_pgdrydock_command(const std::string& args) {
  std::vector<std::string> argv = split_words(args);
  argv.insert(argv.begin(), PGDRYDOCK_BINARY);
  return run_argv(std::move(argv));
}

} // namespace pgdrydock::test
