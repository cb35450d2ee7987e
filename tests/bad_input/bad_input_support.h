// Running pgdrydock on bad input the way a hook or CI job does, and checking what every bad
// input owes the user (issue 14): the documented exit code, a message naming the file or the
// option, no sanitizer report, nothing half-written, nothing left running or on disk.
#pragma once

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "lint/support/process_runner.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock::testing {

struct BadRun {
  int exit_code = -1; // -1 when killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

// pgdrydock with `args` in `cwd`, TMPDIR pointing at `tmpdir` (so that a temporary folder left
// behind is seen), optionally as another user and with stdin text.
inline BadRun run_bad(const std::vector<std::string>& args, const std::string& cwd,
                      const std::string& tmpdir, std::optional<std::string> stdin_text = {},
                      std::optional<RunAs> as = {}) {
  ProcessOptions options;
  options.argv = {PGDRYDOCK_BINARY};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.cwd = cwd;
  options.env_set = {"TMPDIR=" + tmpdir, "ASAN_OPTIONS=detect_leaks=1",
                     "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1"};
  options.stdin_text = std::move(stdin_text);
  options.run_as = std::move(as);
  options.timeout = std::chrono::seconds(90); // a hang is a failure, not a stuck suite
  ProcessResult r = run_process(options);
  return {r.status.code(), r.status.signal(), std::move(r.out),
          std::move(r.err) + r.status.start_error()};
}

inline bool sanitizer_report(const std::string& err) {
  return err.find("AddressSanitizer") != std::string::npos ||
         err.find("LeakSanitizer") != std::string::npos ||
         err.find("runtime error:") != std::string::npos;
}

// Entries left in a folder (a sandbox's temporary folder not removed).
inline std::vector<std::string> entries_of(const std::filesystem::path& folder) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(folder, ec))
    out.push_back(e.path().filename().string());
  return out;
}

// A process's command line, or "" when it exited meanwhile: read(2) rather than a stream, whose
// underflow throws when the process vanishes between readdir and read (ESRCH).
inline std::string proc_cmdline(const std::string& pid) {
  std::string out;
  const int fd = ::open(("/proc/" + pid + "/cmdline").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return out;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;)
    out.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return out;
}

// Processes whose command line mentions `needle` (a postgres still serving a sandbox folder).
inline std::vector<std::string> processes_mentioning(const std::string& needle) {
  std::vector<std::string> out;
  DIR* proc = opendir("/proc");
  if (proc == nullptr)
    return out;
  while (dirent* d = readdir(proc)) {
    const std::string pid = d->d_name;
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const std::string cmdline = proc_cmdline(pid);
    if (pid != std::to_string(getpid()) && cmdline.find(needle) != std::string::npos)
      out.push_back(pid + ": " + cmdline);
  }
  closedir(proc);
  return out;
}

// Starts pgdrydock without waiting (a test then interrupts it or takes its server away);
// stdout and stderr go to dir/output.log, read back with run_log().
inline Expected<pid_t> start_pgdrydock(const std::vector<std::string>& args, const TempFolder& dir,
                                       const TempFolder& tmp) {
  std::filesystem::remove(dir.path() / "output.log");
  ProcessOptions options;
  options.argv = {PGDRYDOCK_BINARY};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.cwd = dir.str();
  options.env_set = {"TMPDIR=" + tmp.str(), "ASAN_OPTIONS=detect_leaks=0"};
  options.stdout_to = Output::append_file;
  options.stderr_to = Output::append_file;
  options.output_file = (dir.path() / "output.log").string();
  return start_process(options);
}

inline std::string run_log(const TempFolder& dir) {
  std::ifstream in(dir.path() / "output.log", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Two migrations on one table with rows to seed: a run that lasts a few seconds.
inline void write_table_and_index(const TempFolder& dir) {
  dir.write("m/0_base.up.sql", "CREATE TABLE t (id int PRIMARY KEY, v text);\n");
  dir.write("m/0_base.down.sql", "DROP TABLE t;\n");
  dir.write("m/1_a.up.sql", "CREATE INDEX t_v ON t (v);\nALTER TABLE t ADD COLUMN w int;\n");
  dir.write("m/1_a.down.sql", "DROP INDEX t_v;\nALTER TABLE t DROP COLUMN w;\n");
}

// After a run: no process serving a folder under `tmp` (the sandbox's servers are stopped
// before pgdrydock exits; the kernel may take a moment to reap them), and `tmp` empty.
inline void expect_nothing_left(const TempFolder& tmp) {
  for (int i = 0; i < 50 && !processes_mentioning(tmp.str()).empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(processes_mentioning(tmp.str()).empty()) << processes_mentioning(tmp.str())[0];
  const auto left = entries_of(tmp.path());
  EXPECT_TRUE(left.empty()) << "left in TMPDIR: " << (left.empty() ? "" : left[0]);
}

} // namespace pgdrydock::testing
