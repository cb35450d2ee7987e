// Helpers shared by the stats tests: run the built pgdrydock, write files into a private
// temporary folder, and one disposable PostgreSQL for the whole executable.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "simulate/sandbox/sandbox.h"

namespace pgdrydock::stats_test {

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs PGDRYDOCK_BINARY with `args` in `cwd` (empty: inherit); stdin is /dev/null.
CliRun run_cli(const std::vector<std::string>& args, const std::filesystem::path& cwd = {});

class ScratchDir {
public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, const std::string& text) const;

private:
  std::filesystem::path path_;
};

std::string read_text(const std::filesystem::path& path);

// The sandbox every server test of this executable shares (started on first use).
Sandbox& shared_sandbox();
// A fresh database on it holding `schema_sql` (run as one script); returns its name.
std::string create_database_with(const std::string& hint, const std::string& schema_sql);

} // namespace pgdrydock::stats_test
