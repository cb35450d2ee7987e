// Running PostgreSQL's programs without a shell: fork + exec with an argument vector, output to
// a file or captured, optionally as another system user (PostgreSQL refuses to run as root).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace pgdrydock {

// A system user to become in the child (resolved before fork: getpwnam is not fork-safe).
struct RunAs {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups; // supplementary groups
};

// Looks a system user up; nullopt when there is none of that name.
std::optional<RunAs> lookup_user(const std::string& name);

struct ProcessSpec {
  std::vector<std::string> argv; // argv[0] is the program's absolute path
  std::string cwd;               // empty: inherit
  std::string output_path;       // stdout+stderr appended here; empty: /dev/null
  std::optional<RunAs> run_as;   // drop privileges to this user
  bool new_session = false;      // setsid(): terminal signals reach only us
  int parent_death_signal = 0;   // sent to the child if we die (0: none)
};

// Starts the program and returns its pid; throws std::runtime_error when fork/exec fails
// (the exec error is reported back through a close-on-exec pipe).
pid_t spawn_process(const ProcessSpec& spec);

// Runs the program to completion; returns its exit status (128+signal when killed).
int run_process(const ProcessSpec& spec);

// Runs the program and returns its stdout (stderr discarded); throws on failure to start or a
// non-zero exit.
std::string capture_output(const std::vector<std::string>& argv);

// waitpid with a deadline: true when the child exited (status stored), false on timeout.
bool wait_for_exit(pid_t pid, int timeout_ms, int* status = nullptr);

} // namespace pgdrydock
