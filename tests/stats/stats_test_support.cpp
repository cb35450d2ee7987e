#include "stats_test_support.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "simulate/sandbox/pg_client.h"
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "tests/common/run_command.h"

namespace pgdrydock::stats_test {
namespace {

// Stops the shared sandbox when the test program ends.
class SandboxEnvironment : public ::testing::Environment {
public:
  void TearDown() override { stop_all_sandboxes(); }
};
[[maybe_unused]] const auto* environment =
    ::testing::AddGlobalTestEnvironment(new SandboxEnvironment);

} // namespace

CliRun run_cli(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
  std::vector<std::string> argv{PGDRYDOCK_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  test::CapturedRun run = test::run_captured(std::move(argv), cwd.string());
  CliRun out;
  out.exit_code = run.exit_code;
  out.out = std::move(run.out);
  out.err = std::move(run.err);
  return out;
}

ScratchDir::ScratchDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "pgdrydock-stats-XXXXXX").string();
  if (!mkdtemp(pattern.data()))
    throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path ScratchDir::write(const std::string& name, const std::string& text) const {
  const auto file = path_ / name;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
  return file;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Sandbox& shared_sandbox() {
  static std::unique_ptr<Sandbox> sandbox = Sandbox::start(SandboxOptions{});
  return *sandbox;
}

std::string create_database_with(const std::string& hint, const std::string& schema_sql) {
  Sandbox& sandbox = shared_sandbox();
  const std::string name = sandbox.fresh_database_name(hint);
  sandbox.create_database(name, "template0");
  PgClient client(sandbox.conninfo(name));
  pqxx::nontransaction tx(client.connection());
  tx.exec(schema_sql);
  return name;
}

} // namespace pgdrydock::stats_test
