#include "tests/alembic/run_cli.h"

#include <sstream>

#include "lint/support/process_runner.h"

namespace pgdrydock::alembic_test {

nlohmann::json CliRun::json() const {
  return nlohmann::json::parse(out, nullptr, false);
}

CliRun run_program(const std::string& program, const std::vector<std::string>& args,
                   const std::vector<std::string>& env, const std::string& cwd) {
  ProcessOptions command;
  command.argv.push_back(program);
  command.argv.insert(command.argv.end(), args.begin(), args.end());
  command.env_set = env;
  command.cwd = cwd;
  ProcessResult child = run_process(command);
  return {child.status.code(), child.out, child.err + child.status.start_error()};
}

CliRun run_pgdrydock(const std::vector<std::string>& args, const std::vector<std::string>& env,
                     const std::string& cwd) {
  return run_program(PGDRYDOCK_BINARY, args, env, cwd);
}

std::string fixture_dir(const std::string& name) {
  return std::string(PGDRYDOCK_SOURCE_DIR) + "/tests/fixtures/" + name;
}

std::vector<std::string> lines_with(const std::string& text, const std::string& needle) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.find(needle) != std::string::npos)
      out.push_back(line);
  return out;
}

} // namespace pgdrydock::alembic_test
