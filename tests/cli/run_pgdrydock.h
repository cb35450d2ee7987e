// Runs the built pgdrydock executable as a user would: arguments, optional stdin, working
// folder; captures stdout, stderr, the exit code and the peak memory of the child.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pgdrydock::test {

struct RunResult {
  int exit_code = -1; // -1 when killed by a signal
  int signal = 0;     // the signal that ended it, 0 when it exited
  std::string out;
  std::string err;
  long max_rss_kb = 0;
};

struct RunOptions {
  std::optional<std::string> stdin_text; // nothing: stdin is /dev/null
  std::filesystem::path cwd;             // empty: inherit
  bool as_nobody = false;                // drop root so file permissions apply
};

RunResult run_pgdrydock(const std::vector<std::string>& args, const RunOptions& options = {});

// A fresh folder under the system temp folder, removed with everything in it at scope exit.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to path()/relative (creating folders) and returns the full path.
  std::filesystem::path write(const std::string& relative, const std::string& content) const;

private:
  std::filesystem::path path_;
};

} // namespace pgdrydock::test
