// Inside the process runner: fork + exec of one child with its standard streams wired as
// ProcessOptions asks. Shared by run_process (waits) and start_process (does not).
#pragma once

#include <sys/types.h>

#include <string>

#include "lint/support/process_runner.h"

namespace pgdrydock::process_detail {

// A file descriptor that closes itself: no descriptor leaks on an early return.
class UniqueFd {
public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = other.release();
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset();

private:
  int fd_ = -1;
};

struct Spawned {
  pid_t pid = -1;     // also the child's process group
  std::string error;  // why it could not start; empty when it runs
  UniqueFd stdin_fd;  // our end of its stdin (stdin_text given)
  UniqueFd stdout_fd; // our ends of its captured output (Output::capture)
  UniqueFd stderr_fd;
};

// Starts the child. With `capture` false, Output::capture and stdin_text are treated as
// /dev/null (start-only mode keeps no pipes).
Spawned spawn(const ProcessOptions& options, bool capture);

} // namespace pgdrydock::process_detail
