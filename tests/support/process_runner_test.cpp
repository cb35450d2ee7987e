// The process runner against real programs (sh, cat, ls, id, sleep): what it captures, how it
// reports an ending, that a timeout ends the whole process group and that no descriptor of
// ours reaches the child.
#include "lint/support/process_runner.h"
#include "tests/support/process_state.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace pgdrydock {
namespace {

using std::chrono::milliseconds;

ProcessResult run(std::vector<std::string> argv) {
  ProcessOptions options;
  options.argv = std::move(argv);
  return run_process(options);
}

TEST(ProcessRunner, CapturesStdoutAndStderrApart) {
  ProcessResult r = run({"sh", "-c", "echo to-out; echo to-err >&2"});
  EXPECT_TRUE(r.status.success()) << r.status.describe();
  EXPECT_EQ(r.out, "to-out\n");
  EXPECT_EQ(r.err, "to-err\n");
  EXPECT_EQ(r.status.describe(), "exited with 0");
}

TEST(ProcessRunner, CapturesMoreThanAPipeBufferOnBothStreams) {
  // Three MiB on each stream: reading one pipe only would leave the child blocked on the other.
  ProcessResult r = run({"sh", "-c", "head -c 3145728 /dev/zero; head -c 3145728 /dev/zero >&2"});
  EXPECT_TRUE(r.status.success()) << r.status.describe();
  EXPECT_EQ(r.out.size(), 3145728u);
  EXPECT_EQ(r.err.size(), 3145728u);
}

TEST(ProcessRunner, FeedsStdinWhileReadingStdout) {
  std::string input;
  for (int i = 0; input.size() < 2 * 1024 * 1024; ++i)
    input += "line " + std::to_string(i) + "\n";
  ProcessOptions options;
  options.argv = {"cat"};
  options.stdin_text = input;
  ProcessResult r = run_process(options);
  EXPECT_TRUE(r.status.success()) << r.status.describe();
  EXPECT_EQ(r.out, input);
}

TEST(ProcessRunner, StdinIsDevNullByDefault) {
  ProcessResult r = run({"cat"});
  EXPECT_TRUE(r.status.success());
  EXPECT_EQ(r.out, "");
}

TEST(ProcessRunner, AChildThatStopsReadingStdinDoesNotEndUs) {
  ProcessOptions options;
  options.argv = {"true"};
  options.stdin_text = std::string(4 * 1024 * 1024, 'x');
  ProcessResult r = run_process(options);
  EXPECT_TRUE(r.status.success()) << r.status.describe();
}

TEST(ProcessRunner, ReportsTheExitCode) {
  ProcessResult r = run({"sh", "-c", "exit 3"});
  EXPECT_EQ(r.status.kind(), ExitStatus::Kind::exited);
  EXPECT_EQ(r.status.code(), 3);
  EXPECT_EQ(r.status.shell_code(), 3);
  EXPECT_EQ(r.status.describe(), "exited with 3");
}

TEST(ProcessRunner, ReportsTheKillingSignal) {
  ProcessResult r = run({"sh", "-c", "kill -KILL $$"});
  EXPECT_EQ(r.status.kind(), ExitStatus::Kind::signaled);
  EXPECT_EQ(r.status.signal(), SIGKILL);
  EXPECT_EQ(r.status.shell_code(), 128 + SIGKILL);
  EXPECT_EQ(r.status.describe(), "killed by signal 9 (SIGKILL)");
}

TEST(ProcessRunner, TimeoutKillsTheWholeProcessGroup) {
  ProcessOptions options;
  options.argv = {"sh", "-c", "sleep 100 & echo $!; wait"};
  options.timeout = milliseconds(500);
  const auto start = std::chrono::steady_clock::now();
  ProcessResult r = run_process(options);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.status.kind(), ExitStatus::Kind::timed_out);
  EXPECT_EQ(r.status.describe(), "timed out after 0.5 s");
  EXPECT_EQ(r.status.shell_code(), 124);
  EXPECT_LT(took, std::chrono::seconds(10));
  const pid_t grandchild = static_cast<pid_t>(std::stol(r.out));
  ASSERT_GT(grandchild, 0) << r.out;
  EXPECT_TRUE(test::gone_soon(grandchild)) << "sleep " << grandchild << " outlived the timeout";
}

TEST(ProcessRunner, TimeoutEscalatesToSigkillWhenSigtermIsIgnored) {
  ProcessOptions options;
  options.argv = {"sh", "-c", "trap '' TERM; echo ready; while :; do sleep 0.05; done"};
  options.timeout = milliseconds(300);
  options.grace = milliseconds(300);
  const auto start = std::chrono::steady_clock::now();
  ProcessResult r = run_process(options);
  EXPECT_EQ(r.status.kind(), ExitStatus::Kind::timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(r.out, "ready\n");
}

TEST(ProcessRunner, NoDescriptorOfOursReachesTheChild) {
  // Opened without O_CLOEXEC, at a number no ls would use for its own directory handle.
  int fd = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(fd, 0);
  const int leaked = 77;
  ASSERT_EQ(dup2(fd, leaked), leaked);
  ::close(fd);
  ProcessResult r = run({"ls", "/proc/self/fd"});
  ::close(leaked);
  ASSERT_TRUE(r.status.success()) << r.status.describe() << r.err;
  std::istringstream in(r.out);
  std::vector<std::string> fds;
  for (std::string line; std::getline(in, line);)
    fds.push_back(line);
  EXPECT_EQ(std::count(fds.begin(), fds.end(), std::to_string(leaked)), 0) << r.out;
  // 0, 1, 2 and the handle ls opened to list the folder: nothing else.
  EXPECT_LE(fds.size(), 4u) << r.out;
}

TEST(ProcessRunner, SaysWhyAProgramCouldNotStart) {
  ProcessResult r = run({"/nonexistent/program", "--flag"});
  EXPECT_EQ(r.status.kind(), ExitStatus::Kind::not_started);
  EXPECT_EQ(r.status.describe(), "could not start: No such file or directory");
  EXPECT_EQ(r.status.shell_code(), 127);

  ProcessOptions options;
  options.argv = {"ls"};
  options.cwd = "/nonexistent-folder";
  ProcessResult in_missing = run_process(options);
  EXPECT_EQ(in_missing.status.kind(), ExitStatus::Kind::not_started);
  EXPECT_NE(in_missing.status.describe().find("/nonexistent-folder"), std::string::npos)
      << in_missing.status.describe();
}

TEST(ProcessRunner, LooksAProgramNameUpOnPath) {
  ProcessResult r = run({"echo", "found"});
  EXPECT_TRUE(r.status.success()) << r.status.describe();
  EXPECT_EQ(r.out, "found\n");
  ProcessResult missing = run({"pgdrydock-no-such-program-here"});
  EXPECT_EQ(missing.status.describe(), "could not start: No such file or directory");
}

TEST(ProcessRunner, WorkingFolderAndEnvironmentAdditions) {
  ProcessOptions options;
  options.argv = {"sh", "-c", "pwd; echo \"$PGDRYDOCK_RUNNER_TEST\"; echo \"${HOME:+home}\""};
  options.cwd = "/";
  options.env_set = {"PGDRYDOCK_RUNNER_TEST=value=with=equals", "HOME="};
  ProcessResult r = run_process(options);
  EXPECT_EQ(r.out, "/\nvalue=with=equals\n\n");
}

TEST(ProcessRunner, StderrIntoStdoutAndIntoAFile) {
  ProcessOptions merged;
  merged.argv = {"sh", "-c", "echo one; echo two >&2; echo three"};
  merged.stderr_to = Output::to_stdout;
  EXPECT_EQ(run_process(merged).out, "one\ntwo\nthree\n");

  const std::string log = ::testing::TempDir() + "/process_runner_test.log";
  std::filesystem::remove(log);
  std::ofstream(log) << "before\n";
  ProcessOptions to_file;
  to_file.argv = {"sh", "-c", "echo out; echo err >&2"};
  to_file.stdout_to = to_file.stderr_to = Output::append_file;
  to_file.output_file = log;
  ProcessResult r = run_process(to_file);
  EXPECT_TRUE(r.status.success());
  EXPECT_EQ(r.out, "");
  std::stringstream text;
  text << std::ifstream(log).rdbuf();
  EXPECT_EQ(text.str(), "before\nout\nerr\n");
  std::filesystem::remove(log);
}

TEST(ProcessRunner, RunsAsAnotherUserWhenRoot) {
  if (geteuid() != 0)
    GTEST_SKIP() << "needs root";
  std::optional<RunAs> postgres = lookup_user("postgres");
  if (!postgres)
    GTEST_SKIP() << "no postgres user";
  ProcessOptions options;
  options.argv = {"id", "-u"};
  options.run_as = postgres;
  ProcessResult r = run_process(options);
  EXPECT_TRUE(r.status.success()) << r.status.describe();
  EXPECT_EQ(r.out, std::to_string(postgres->uid) + "\n");
  EXPECT_FALSE(lookup_user("pgdrydock-no-such-user"));
}

TEST(ProcessRunner, StartOnlyModeAndWaitWithDeadline) {
  ProcessOptions options;
  options.argv = {"sleep", "100"};
  pid_t pid = start_process(options).value();
  ASSERT_GT(pid, 0);
  EXPECT_EQ(getpgid(pid), pid) << "the child leads a process group of its own";
  EXPECT_FALSE(wait_for_exit(pid, milliseconds(50)));
  kill(pid, SIGTERM);
  std::optional<ExitStatus> ended = wait_for_exit(pid, milliseconds(5000));
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->describe(), "killed by signal 15 (SIGTERM)");

  ProcessOptions missing;
  missing.argv = {"/nonexistent/server"};
  const Expected<pid_t> refused = start_process(missing);
  ASSERT_FALSE(refused.has_value()) << "start_process started a missing program";
  EXPECT_EQ(refused.error().message, "cannot run /nonexistent/server: No such file or directory");
  EXPECT_EQ(refused.error().kind, ErrorKind::Environment);
}

} // namespace
} // namespace pgdrydock
