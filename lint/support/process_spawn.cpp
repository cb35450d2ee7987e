#include "lint/support/process_spawn.h"

#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <map>

#include <fmt/format.h>

extern char** environ;

namespace pgdrydock::process_detail {

void UniqueFd::reset() {
  if (fd_ >= 0)
    ::close(fd_);
  fd_ = -1;
}

namespace {

// What failed in the child before exec, reported through the error pipe.
enum class Stage : int { exec, group, streams, user, folder, death_signal };

struct ChildReport {
  Stage stage = Stage::exec;
  int error = 0;
};

// Our descriptors for the child's 0/1/2 are moved above 2 (close-on-exec), so wiring them
// with dup2 never overwrites one we still need.
UniqueFd above_stdio(int fd) {
  if (fd < 0 || fd > 2)
    return UniqueFd(fd);
  int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
  ::close(fd);
  return UniqueFd(moved);
}

struct PipeEnds {
  UniqueFd read, write;
};

bool make_pipe(PipeEnds& ends) {
  std::array<int, 2> fds{-1, -1};
  if (pipe2(fds.data(), O_CLOEXEC) != 0)
    return false;
  ends.read = above_stdio(fds[0]);
  ends.write = above_stdio(fds[1]);
  return ends.read.valid() && ends.write.valid();
}

UniqueFd open_cloexec(const char* path, int flags) {
  return above_stdio(::open(path, flags | O_CLOEXEC, 0600));
}

// argv[0] as execve needs it: unchanged with a '/', else the first executable on our PATH.
std::string resolve_program(const std::string& name) {
  if (name.find('/') != std::string::npos)
    return name;
  const char* path_env = std::getenv("PATH");
  std::string path = path_env ? path_env : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  for (;;) {
    std::size_t colon = path.find(':', start);
    std::string dir = path.substr(start, colon == std::string::npos ? colon : colon - start);
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0)
      return candidate;
    if (colon == std::string::npos)
      return "";
    start = colon + 1;
  }
}

std::vector<std::string> merged_environment(const std::vector<std::string>& overrides) {
  std::map<std::string, std::string> vars;
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    vars[entry.substr(0, entry.find('='))] = entry;
  }
  for (const std::string& entry : overrides)
    vars[entry.substr(0, entry.find('='))] = entry;
  std::vector<std::string> out;
  out.reserve(vars.size());
  for (auto& [key, entry] : vars)
    out.push_back(std::move(entry));
  return out;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Everything the child needs, prepared before fork so the child only makes system calls.
struct Plan {
  std::string path;
  std::vector<std::string> args, env;
  std::vector<char*> argv, envp;
  UniqueFd in, out, err; // the child's 0/1/2
  bool err_to_out = false;
  const ProcessOptions* options = nullptr;
  pid_t parent = 0;
};

[[noreturn]] void child_fail(int report_fd, Stage stage) {
  ChildReport report{stage, errno};
  [[maybe_unused]] auto n = ::write(report_fd, &report, sizeof report); // async-signal-safe
  _exit(127);
}

// Every descriptor but 0/1/2 and the error pipe (itself close-on-exec) closes now: whatever
// our process holds without O_CLOEXEC (a library's, a test's) must not reach the program.
void close_inherited(int keep) {
  auto close_span = [](unsigned first, unsigned last) {
    if (first > last)
      return;
    if (close_range(first, last, 0) == 0)
      return;
    rlimit limit{};
    unsigned top = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < 65536
                       ? static_cast<unsigned>(limit.rlim_cur)
                       : 65536U;
    for (unsigned fd = first; fd <= last && fd < top; ++fd)
      ::close(static_cast<int>(fd));
  };
  close_span(3, static_cast<unsigned>(keep) - 1);
  close_span(static_cast<unsigned>(keep) + 1, ~0U);
}

[[noreturn]] void exec_child(const Plan& plan, int report_fd) {
  const ProcessOptions& options = *plan.options;
  // Handlers of ours (the sandbox's signal forwarding) mean nothing here; an ignored SIGPIPE
  // would survive exec. Start the program with default dispositions and nothing blocked.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig)
    sigaction(sig, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  pthread_sigmask(SIG_SETMASK, &none, nullptr);

  if (options.new_session ? setsid() < 0 : setpgid(0, 0) != 0)
    child_fail(report_fd, Stage::group);
  if (dup2(plan.in.get(), STDIN_FILENO) < 0 || dup2(plan.out.get(), STDOUT_FILENO) < 0 ||
      dup2(plan.err_to_out ? STDOUT_FILENO : plan.err.get(), STDERR_FILENO) < 0)
    child_fail(report_fd, Stage::streams);
  close_inherited(report_fd);
  if (options.run_as) {
    const RunAs& user = *options.run_as;
    if (setgroups(user.groups.size(), user.groups.data()) != 0 || setgid(user.gid) != 0 ||
        setuid(user.uid) != 0)
      child_fail(report_fd, Stage::user);
  }
  if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0)
    child_fail(report_fd, Stage::folder);
  // After setuid: a change of credentials clears the parent-death signal.
  if (options.parent_death_signal != 0) {
    if (prctl(PR_SET_PDEATHSIG, options.parent_death_signal) != 0)
      child_fail(report_fd, Stage::death_signal);
    if (getppid() != plan.parent)
      _exit(1); // the parent died before we could ask
  }
  execve(plan.path.c_str(), plan.argv.data(), plan.envp.data());
  child_fail(report_fd, Stage::exec);
}

std::string describe_failure(const ProcessOptions& options, const ChildReport& report) {
  const char* text = std::strerror(report.error);
  switch (report.stage) {
  case Stage::exec:
    return text;
  case Stage::group:
    return fmt::format("cannot make a process group: {}", text);
  case Stage::streams:
    return fmt::format("cannot connect stdin/stdout/stderr: {}", text);
  case Stage::user:
    return fmt::format("cannot become user '{}': {}", options.run_as->name, text);
  case Stage::folder:
    return fmt::format("cannot change to folder {}: {}", options.cwd, text);
  case Stage::death_signal:
    return fmt::format("cannot set the parent-death signal: {}", text);
  }
  return text;
}

// The child's stdout or stderr: a pipe we read, /dev/null or the shared output file.
bool wire_output(Output to, bool capture, UniqueFd& file, UniqueFd& child_end, UniqueFd& ours,
                 const std::string& output_file) {
  if (to == Output::capture && capture) {
    PipeEnds p;
    if (!make_pipe(p))
      return false;
    child_end = std::move(p.write);
    ours = std::move(p.read);
    return true;
  }
  if (to == Output::append_file) {
    if (!file.valid())
      file = open_cloexec(output_file.c_str(), O_WRONLY | O_CREAT | O_APPEND);
    if (!file.valid())
      return false;
    child_end = UniqueFd(fcntl(file.get(), F_DUPFD_CLOEXEC, 3));
    return child_end.valid();
  }
  child_end = open_cloexec("/dev/null", O_WRONLY);
  return child_end.valid();
}

} // namespace

Spawned spawn(const ProcessOptions& options, bool capture) {
  Spawned result;
  if (options.argv.empty()) {
    result.error = "no program given";
    return result;
  }
  Plan plan;
  plan.options = &options;
  plan.path = resolve_program(options.argv.front());
  if (plan.path.empty()) {
    result.error = std::strerror(ENOENT);
    return result;
  }
  plan.args = options.argv;
  plan.env = merged_environment(options.env_set);
  plan.argv = c_strings(plan.args);
  plan.envp = c_strings(plan.env);
  plan.parent = getpid();

  auto fail = [&](const std::string& what) {
    result.error = fmt::format("{}: {}", what, std::strerror(errno));
    return std::move(result);
  };
  if (options.stdin_text && capture) {
    PipeEnds p;
    if (!make_pipe(p))
      return fail("pipe");
    plan.in = std::move(p.read);
    result.stdin_fd = std::move(p.write);
  } else {
    plan.in = open_cloexec("/dev/null", O_RDONLY);
    if (!plan.in.valid())
      return fail("/dev/null");
  }
  UniqueFd file;
  if (!wire_output(options.stdout_to, capture, file, plan.out, result.stdout_fd,
                   options.output_file))
    return fail(options.stdout_to == Output::append_file ? options.output_file : "stdout");
  plan.err_to_out = options.stderr_to == Output::to_stdout;
  if (!plan.err_to_out && !wire_output(options.stderr_to, capture, file, plan.err, result.stderr_fd,
                                       options.output_file))
    return fail(options.stderr_to == Output::append_file ? options.output_file : "stderr");
  PipeEnds report;
  if (!make_pipe(report))
    return fail("pipe");

  // No signal handler of ours may run in the child between fork and exec.
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &previous);
  pid_t pid = fork();
  if (pid == 0)
    exec_child(plan, report.write.get());
  int fork_errno = errno;
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (pid < 0) {
    errno = fork_errno;
    return fail("fork");
  }
  if (!options.new_session)
    setpgid(pid, pid); // also here: a kill of the group right after we return must reach it
  report.write.reset();
  plan.in.reset();
  plan.out.reset();
  plan.err.reset();

  ChildReport child{};
  ssize_t n;
  do {
    n = ::read(report.read.get(), &child, sizeof child);
  } while (n < 0 && errno == EINTR);
  if (n > 0) {
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    result.error = describe_failure(options, child);
    result.stdin_fd.reset();
    result.stdout_fd.reset();
    result.stderr_fd.reset();
    return result;
  }
  result.pid = pid;
  return result;
}

} // namespace pgdrydock::process_detail
