// The one place pgdrydock starts other programs (Alembic's Python, initdb, postgres, pg_config).
// Argument vector only, never a shell: paths and revision ids are never parsed as shell syntax.
// Each child runs in a process group of its own, so a timeout can end it with everything it
// started; the child keeps only stdin/stdout/stderr open (no descriptor of ours leaks into it).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "lint/support/error.h"

namespace pgdrydock {

// A system user to become in the child, resolved before fork (getpwnam is not fork-safe).
struct RunAs {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups; // supplementary groups
};

// Looks a system user up; nullopt when there is none of that name.
std::optional<RunAs> lookup_user(const std::string& name);

// Where a child's stdout or stderr goes.
enum class Output {
  capture,     // into ProcessResult::out / err
  discard,     // /dev/null
  append_file, // appended to ProcessOptions::output_file (stdout and stderr share it)
  to_stdout,   // stderr only: wherever stdout goes, interleaved as written
};

struct ProcessOptions {
  std::vector<std::string> argv;         // argv[0] is looked up on PATH when it has no '/'
  std::string cwd;                       // empty: ours
  std::vector<std::string> env_set;      // KEY=VALUE added to (or replacing in) our environment
  std::optional<RunAs> run_as;           // drop privileges to this user (we must be root)
  bool new_session = false;              // setsid(); otherwise a new process group only
  int parent_death_signal = 0;           // sent to the child when we die; 0: see run_process
  std::optional<std::string> stdin_text; // nullopt: stdin is /dev/null
  Output stdout_to = Output::capture;
  Output stderr_to = Output::capture;
  std::string output_file;               // for Output::append_file
  std::chrono::milliseconds timeout{0};  // 0: none; else the process group is killed
  std::chrono::milliseconds grace{1000}; // after SIGTERM on timeout, before SIGKILL
};

// How a child ended.
class ExitStatus {
public:
  enum class Kind { exited, signaled, timed_out, not_started };

  static ExitStatus exited(int code);
  static ExitStatus signaled(int signal);
  static ExitStatus timed_out(std::chrono::milliseconds after);
  static ExitStatus not_started(std::string why);
  static ExitStatus from_wait_status(int status); // a waitpid() status

  Kind kind() const { return kind_; }
  bool success() const { return kind_ == Kind::exited && code_ == 0; }
  int code() const { return code_; }     // exited: the exit code; otherwise -1
  int signal() const { return signal_; } // signaled: the signal; otherwise 0
  const std::string& start_error() const { return start_error_; }
  // As a shell reports it: the exit code, 128+signal, 124 for a timeout, 127 when not started.
  int shell_code() const;
  // "exited with 3", "killed by signal 9 (SIGKILL)", "timed out after 2 s",
  // "could not start: No such file or directory".
  std::string describe() const;

  ExitStatus() = default; // not started, no reason yet

private:
  ExitStatus(Kind kind, int code, int signal, std::chrono::milliseconds after, std::string why);

  Kind kind_ = Kind::not_started;
  int code_ = -1;
  int signal_ = 0;
  std::chrono::milliseconds after_{0};
  std::string start_error_;
};

struct ProcessResult {
  ExitStatus status;
  std::string out; // Output::capture only
  std::string err;
  long max_rss_kb = 0; // the child's peak resident memory
};

// Runs the program to completion (or until the timeout) and says how it ended; never throws
// for the program's sake (a failure to start is ExitStatus::not_started). Unless the caller
// names one, the child gets SIGKILL as parent-death signal: in its own process group it no
// longer sees the terminal's Ctrl-C, and must not outlive us. For the same reason, while it
// runs, SIGINT/SIGTERM/SIGHUP to us kill its process group before taking their usual course
// (the handler installed before, such as the sandbox's, or the default action).
ProcessResult run_process(const ProcessOptions& options);

// Start-only mode, for a long-running server that is stopped later by pid: starts the program
// and returns its pid (which is also its process group). Captured output and timeouts are not
// available here (Output::capture counts as discard). An environment Error with the reason
// when the program cannot start (the exec error comes back through a CLOEXEC pipe).
Expected<pid_t> start_process(const ProcessOptions& options);

// Waits up to `deadline` for a started child: its status when it ended (or had already been
// reaped elsewhere: exited 0), nullopt when it is still running.
std::optional<ExitStatus> wait_for_exit(pid_t pid, std::chrono::milliseconds deadline);

} // namespace pgdrydock
