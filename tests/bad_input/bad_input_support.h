// Running pgdrydock on bad input the way a hook or CI job does, and checking what every bad
// input owes the user (issue 14): the documented exit code, a message naming the file or the
// option, no sanitizer report, nothing half-written, nothing left running or on disk.
#pragma once

#include <dirent.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

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
    std::ifstream in("/proc/" + pid + "/cmdline", std::ios::binary);
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (pid != std::to_string(getpid()) && cmdline.find(needle) != std::string::npos)
      out.push_back(pid + ": " + cmdline);
  }
  closedir(proc);
  return out;
}

} // namespace pgdrydock::testing
