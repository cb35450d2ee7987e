// Runs the built pgdrydock executable (PGDRYDOCK_BINARY) for the Alembic CLI tests, through the
// product's own argv-only child runner.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pgdrydock::alembic_test {

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
  nlohmann::json json() const; // stdout parsed (discarded value when it is not JSON)
};

// `pgdrydock <args...>`; env holds extra KEY=VALUE, cwd empty for ours.
CliRun run_pgdrydock(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                     const std::string& cwd = {});

// The same for another executable (an installed copy of pgdrydock).
CliRun run_program(const std::string& program, const std::vector<std::string>& args,
                   const std::vector<std::string>& env = {}, const std::string& cwd = {});

// tests/fixtures/<name>
std::string fixture_dir(const std::string& name);

// Lines of `text` containing `needle`.
std::vector<std::string> lines_with(const std::string& text, const std::string& needle);

} // namespace pgdrydock::alembic_test
