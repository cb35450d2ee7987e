// `simulate --keep`: the cluster outlives the command, its databases are still there, and the
// printed instructions connect to it and stop it.
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "tests/common/run_command.h"

namespace pgdrydock {
namespace {

namespace fs = std::filesystem;

bool alive(pid_t pid) {
  return kill(pid, 0) == 0;
}

TEST(SimulateKeep, ClusterOutlivesTheCommandAndThePrintedInstructionsWork) {
  const std::string fixture = std::string(PGDRYDOCK_SOURCE_DIR) + "/tests/fixtures/simulate/audit";
  const test::CommandRun cli =
      test::run_pgdrydock_command("simulate " + fixture + " --keep --rows 20 --format text");
  const std::string& out = cli.output;
  ASSERT_NE(cli.exit_code, -1) << out;

  std::smatch pid_match, connect_match;
  ASSERT_TRUE(
      std::regex_search(out, pid_match, std::regex(R"(postmaster pid (\d+), folder (\S+))")))
      << out;
  ASSERT_TRUE(std::regex_search(out, connect_match, std::regex(R"(connect: psql "([^"]+)\")")))
      << out;
  const pid_t postmaster = static_cast<pid_t>(std::stol(pid_match[1]));
  const std::string folder = pid_match[2];
  const std::string conninfo = connect_match[1];

  EXPECT_TRUE(alive(postmaster)) << "--keep stopped the server";
  EXPECT_TRUE(fs::exists(folder));
  try {
    pqxx::connection c(conninfo);
    pqxx::work tx(c);
    // The per-migration databases the simulation worked in are kept for inspection.
    auto kept = tx.exec1("SELECT count(*) FROM pg_database WHERE datname LIKE 'pgdrydock_%'");
    EXPECT_GT(kept[0].as<int>(), 0);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "cannot connect with the printed instructions: " << e.what();
  }

  // The printed stop command, run as printed.
  std::smatch stop_match;
  ASSERT_TRUE(std::regex_search(out, stop_match, std::regex(R"(stop:\s+(.+))"))) << out;
  std::string stop = stop_match[1];
  test::run_shell(stop);
  for (int i = 0; i < 200 && alive(postmaster); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(alive(postmaster)) << "the printed stop command left the server running";
  EXPECT_FALSE(fs::exists(folder));
  if (alive(postmaster)) // never leave our own server behind, whatever failed above
    kill(postmaster, SIGKILL);
}

} // namespace
} // namespace pgdrydock
