// `--alembic-timeout`: an env.py that never finishes ends `pgdrydock lint` with exit 2 and a
// message naming alembic.ini and the limit, and nothing it started is left running. The
// built executable runs through the process runner itself.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "lint/support/process_runner.h"
#include "tests/support/process_state.h"

namespace pgdrydock {
namespace {

using namespace std::chrono_literals;

std::string hang_ini() {
  return std::string(PGDRYDOCK_SOURCE_DIR) + "/tests/fixtures/alembic_hang/alembic.ini";
}

ProcessResult pgdrydock(std::vector<std::string> args) {
  ProcessOptions options;
  options.argv = {PGDRYDOCK_BINARY};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.timeout = 60s; // a broken timeout fails this test instead of hanging the suite
  return run_process(options);
}

bool alembic_installed() {
  ProcessOptions probe;
  probe.argv = {"alembic", "--version"};
  return run_process(probe).status.kind() != ExitStatus::Kind::not_started;
}

TEST(AlembicTimeout, HangingEnvPyEndsLintWithExit2) {
  if (!alembic_installed())
    GTEST_SKIP() << "alembic is not installed";
  const std::string pid_file = ::testing::TempDir() + "/alembic_hang_helper.pid";
  std::filesystem::remove(pid_file);
  const auto start = std::chrono::steady_clock::now();
  ProcessResult r = pgdrydock({"lint", "--alembic", hang_ini(), "--alembic-timeout", "2s",
                               "--alembic-env", "HANG_PID_FILE=" + pid_file});
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.status.describe(), "exited with 2") << r.err;
  EXPECT_LT(took, 20s);
  EXPECT_GE(took, 2s);
  EXPECT_NE(r.err.find(hang_ini()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("timed out after 2 s"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--alembic-timeout"), std::string::npos) << r.err;

  // The helper env.py started went down with it.
  std::ifstream in(pid_file);
  pid_t helper = 0;
  ASSERT_TRUE(in >> helper) << "env.py did not record its helper";
  EXPECT_TRUE(test::gone_soon(helper)) << "env.py's helper " << helper << " survived the timeout";
  std::filesystem::remove(pid_file);
}

// Interrupted while Alembic runs: the signal still ends pgdrydock as before, and Alembic's
// process group (in a group of its own, out of reach of a terminal's Ctrl-C) goes down with it.
TEST(AlembicTimeout, SigtermToLintTakesEnvPyAndWhatItStartedDown) {
  if (!alembic_installed())
    GTEST_SKIP() << "alembic is not installed";
  const std::string pid_file = ::testing::TempDir() + "/alembic_hang_sigterm.pid";
  std::filesystem::remove(pid_file);
  ProcessOptions options;
  options.argv = {PGDRYDOCK_BINARY, "lint",          "--alembic",
                  hang_ini(),       "--alembic-env", "HANG_PID_FILE=" + pid_file};
  options.stdout_to = options.stderr_to = Output::discard;
  const pid_t lint = start_process(options).value();
  pid_t helper = 0;
  for (int i = 0; i < 600 && helper == 0; ++i) {
    std::ifstream in(pid_file);
    if (!(in >> helper)) {
      helper = 0;
      std::this_thread::sleep_for(50ms);
    }
  }
  if (helper == 0)
    kill(lint, SIGKILL);
  ASSERT_GT(helper, 0) << "env.py did not start";
  kill(lint, SIGTERM);
  std::optional<ExitStatus> ended = wait_for_exit(lint, 30s);
  ASSERT_TRUE(ended) << "pgdrydock did not end on SIGTERM";
  EXPECT_EQ(ended->describe(), "exited with 143"); // 128 + SIGTERM (docs/errors.md)
  EXPECT_TRUE(test::gone_soon(helper)) << "env.py's helper " << helper << " outlived pgdrydock";
  std::filesystem::remove(pid_file);
}

TEST(AlembicTimeout, ABadDurationIsAUsageError) {
  for (const char* bad : {"soon", "0", "-5s", "2x"}) {
    ProcessResult r = pgdrydock({"lint", "--alembic", hang_ini(), "--alembic-timeout", bad});
    EXPECT_EQ(r.status.describe(), "exited with 2") << bad << ": " << r.err;
    EXPECT_NE(r.err.find("--alembic-timeout"), std::string::npos) << r.err;
  }
}

TEST(AlembicTimeout, SimulateAcceptsTheOptionToo) {
  ProcessResult r = pgdrydock({"simulate", "--help"});
  EXPECT_TRUE(r.status.success()) << r.status.describe();
  EXPECT_NE(r.out.find("--alembic-timeout"), std::string::npos);
}

} // namespace
} // namespace pgdrydock
