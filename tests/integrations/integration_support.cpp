#include "integration_support.h"

#include <fstream>
#include <sstream>

namespace pgdrydock::test {

ToolRun run_tool(std::vector<std::string> argv, const std::filesystem::path& cwd,
                 const std::vector<std::string>& env) {
  ProcessOptions options;
  options.argv = std::move(argv);
  options.cwd = cwd.string();
  options.env_set = env;
  options.stderr_to = Output::to_stdout;
  options.timeout = std::chrono::minutes(2);
  ProcessResult run = run_process(options);
  return {run.status.kind() == ExitStatus::Kind::exited ? run.status.code() : -1,
          run.out + run.status.start_error()};
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string without_comment_lines(const std::string& text) {
  std::istringstream lines(text);
  std::string out;
  for (std::string line; std::getline(lines, line);)
    if (!line.starts_with("#"))
      out += line + '\n';
  return out;
}

} // namespace pgdrydock::test
