// What the integration tests share: running a real program (git, pre-commit, python3) with a
// sandboxed environment through the product's process runner, and writing files.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "lint/support/process_runner.h"

namespace pgdrydock::test {

struct ToolRun {
  int exit_code = -1; // -1 when it did not exit normally
  std::string output; // stdout and stderr together
};

// Runs argv in `cwd` with `env` (KEY=VALUE) added to ours; two minutes at most.
ToolRun run_tool(std::vector<std::string> argv, const std::filesystem::path& cwd,
                 const std::vector<std::string>& env = {});

// Writes `text` to `path`, creating folders.
void write_text(const std::filesystem::path& path, const std::string& text);
std::string read_text(const std::filesystem::path& path);

// A CI template of docs/ci/ as the README and `pgdrydock init` show it: without the lines that
// start with '#' (the file's own comments).
std::string without_comment_lines(const std::string& text);

} // namespace pgdrydock::test
