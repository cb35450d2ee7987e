#include "simulate/sandbox/process.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

namespace pgdrydock {

std::optional<RunAs> lookup_user(const std::string& name) {
  long size = sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(size > 0 ? static_cast<std::size_t>(size) : 16384);
  passwd pw{};
  passwd* found = nullptr;
  if (getpwnam_r(name.c_str(), &pw, buffer.data(), buffer.size(), &found) != 0 || !found)
    return std::nullopt;
  RunAs user;
  user.name = name;
  user.uid = pw.pw_uid;
  user.gid = pw.pw_gid;
  int count = 64;
  user.groups.resize(static_cast<std::size_t>(count));
  if (getgrouplist(name.c_str(), pw.pw_gid, user.groups.data(), &count) < 0) {
    user.groups.resize(static_cast<std::size_t>(count));
    getgrouplist(name.c_str(), pw.pw_gid, user.groups.data(), &count);
  }
  user.groups.resize(static_cast<std::size_t>(count));
  return user;
}

namespace {

// Everything the child needs, prepared before fork so the child only makes system calls.
struct PreparedSpec {
  std::vector<std::string> args;
  std::vector<char*> argv;
  explicit PreparedSpec(const ProcessSpec& spec) : args(spec.argv) {
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
  }
};

[[noreturn]] void child_fail(int report_fd, int error) {
  // The parent reads errno from the pipe; write is async-signal-safe.
  [[maybe_unused]] auto n = write(report_fd, &error, sizeof error);
  _exit(127);
}

[[noreturn]] void exec_child(const ProcessSpec& spec, char* const* argv, int report_fd,
                             int stdout_fd) {
  if (spec.new_session)
    setsid();
  int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd >= 0)
    dup2(null_fd, STDIN_FILENO);
  int out_fd = stdout_fd;
  if (out_fd < 0) {
    out_fd = spec.output_path.empty()
                 ? open("/dev/null", O_WRONLY)
                 : open(spec.output_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (out_fd < 0)
      child_fail(report_fd, errno);
    dup2(out_fd, STDERR_FILENO);
  } else if (null_fd >= 0) {
    int err_null = open("/dev/null", O_WRONLY);
    if (err_null >= 0)
      dup2(err_null, STDERR_FILENO);
  }
  dup2(out_fd, STDOUT_FILENO);
  if (spec.run_as) {
    const RunAs& user = *spec.run_as;
    if (setgroups(user.groups.size(), user.groups.data()) != 0)
      child_fail(report_fd, errno);
    if (setgid(user.gid) != 0)
      child_fail(report_fd, errno);
    if (setuid(user.uid) != 0)
      child_fail(report_fd, errno);
  }
  if (!spec.cwd.empty() && chdir(spec.cwd.c_str()) != 0)
    child_fail(report_fd, errno);
  // After setuid: a change of credentials clears the parent-death signal.
  if (spec.parent_death_signal != 0) {
    prctl(PR_SET_PDEATHSIG, spec.parent_death_signal);
    if (getppid() == 1)
      _exit(1); // the parent died before we could ask
  }
  execv(argv[0], argv);
  child_fail(report_fd, errno);
}

pid_t spawn_with_stdout(const ProcessSpec& spec, int stdout_fd) {
  if (spec.argv.empty())
    throw std::runtime_error("spawn_process: empty argument vector");
  PreparedSpec prepared(spec);
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0)
    throw std::runtime_error(fmt::format("pipe: {}", std::strerror(errno)));
  pid_t pid = fork();
  if (pid < 0) {
    int error = errno;
    close(report[0]);
    close(report[1]);
    throw std::runtime_error(fmt::format("fork: {}", std::strerror(error)));
  }
  if (pid == 0) {
    close(report[0]);
    exec_child(spec, prepared.argv.data(), report[1], stdout_fd);
  }
  close(report[1]);
  int child_errno = 0;
  ssize_t n;
  do {
    n = read(report[0], &child_errno, sizeof child_errno);
  } while (n < 0 && errno == EINTR);
  close(report[0]);
  if (n > 0) {
    waitpid(pid, nullptr, 0);
    std::string who = spec.run_as ? fmt::format(" as user '{}'", spec.run_as->name) : "";
    throw std::runtime_error(
        fmt::format("cannot run {}{}: {}", spec.argv[0], who, std::strerror(child_errno)));
  }
  return pid;
}

int decode_status(int status) {
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return 255;
}

} // namespace

pid_t spawn_process(const ProcessSpec& spec) {
  return spawn_with_stdout(spec, -1);
}

int run_process(const ProcessSpec& spec) {
  pid_t pid = spawn_process(spec);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      throw std::runtime_error(fmt::format("waitpid: {}", std::strerror(errno)));
  }
  return decode_status(status);
}

std::string capture_output(const std::vector<std::string>& argv) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0)
    throw std::runtime_error(fmt::format("pipe: {}", std::strerror(errno)));
  ProcessSpec spec;
  spec.argv = argv;
  pid_t pid;
  try {
    pid = spawn_with_stdout(spec, out[1]);
  } catch (...) {
    close(out[0]);
    close(out[1]);
    throw;
  }
  close(out[1]);
  std::string text;
  char buffer[4096];
  for (;;) {
    ssize_t n = read(out[0], buffer, sizeof buffer);
    if (n > 0) {
      text.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(out[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (decode_status(status) != 0)
    throw std::runtime_error(
        fmt::format("{} exited with status {}", argv[0], decode_status(status)));
  return text;
}

bool wait_for_exit(pid_t pid, int timeout_ms, int* status) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    int st = 0;
    pid_t r = waitpid(pid, &st, WNOHANG);
    if (r == pid) {
      if (status)
        *status = st;
      return true;
    }
    if (r < 0 && errno == ECHILD)
      return true; // already reaped elsewhere
    if (std::chrono::steady_clock::now() >= deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

} // namespace pgdrydock
