// Bad input to `pgdrydock simulate`: refused before a sandbox starts (nothing left in TMPDIR),
// a statement over the nesting limit (exit 2, as in lint, the sandbox cleaned up), a --dsn
// server that refuses, and one that disappears mid-run (stopped by the test through the
// sandbox): exit 2 naming what failed, no password, no sanitizer report, nothing left running.
#include <signal.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "bad_input_support.h"
#include "simulate/sandbox/sandbox.h"

namespace pgdrydock::testing {
namespace {

using namespace std::chrono_literals;

TEST(SimulateBadInput, MissingFileRefusedBeforeTheSandbox) {
  TempFolder dir, tmp;
  BadRun r = run_bad({"simulate", "missing.sql", "--format", "json"}, dir.str(), tmp.str());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("missing.sql: error: no such file"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("sandbox in"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(sanitizer_report(r.err)) << r.err;
  expect_nothing_left(tmp);
}

TEST(SimulateBadInput, SchemaFifoRefusedWithoutWaiting) {
  TempFolder dir, tmp;
  dir.write("ok.sql", "SELECT 1;\n");
  ASSERT_EQ(mkfifo((dir.path() / "pipe").c_str(), 0600), 0);
  BadRun r = run_bad({"simulate", "ok.sql", "--schema", "pipe"}, dir.str(), tmp.str());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("pipe: --schema: is a FIFO"), std::string::npos) << r.err;
  expect_nothing_left(tmp);
}

TEST(SimulateBadInput, NestingBeyondTheLimitExitsTwoAsInLint) {
  TempFolder dir, tmp;
  dir.write("m/1_deep.up.sql",
            "SELECT " + std::string(3000, '(') + "1" + std::string(3000, ')') + ";\n");
  dir.write("m/1_deep.down.sql", "SELECT 1;\n");
  dir.write("m/2_ok.up.sql", "CREATE TABLE t (id int);\n");
  dir.write("m/2_ok.down.sql", "DROP TABLE t;\n");
  BadRun r = run_bad({"simulate", "m", "--format", "json"}, dir.str(), tmp.str());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("1_deep.up.sql:1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nested more than 1000 levels deep"), std::string::npos) << r.err;
  EXPECT_FALSE(sanitizer_report(r.err)) << r.err;
  expect_nothing_left(tmp);
}

TEST(SimulateBadInput, RefusingDsnServerNamedWithoutPassword) {
  TempFolder dir, tmp;
  dir.write("ok.sql", "SELECT 1;\n");
  BadRun r = run_bad({"simulate", "ok.sql", "--dsn", "postgresql://alice:S3cret@127.0.0.1:1/db"},
                     dir.str(), tmp.str());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("127.0.0.1"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("S3cret"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  expect_nothing_left(tmp);
}

// The --dsn server goes away while pgdrydock seeds or replays: an error naming the failure,
// exit 2, no crash.
TEST(SimulateBadInput, DsnServerDisappearsMidRun) {
  TempFolder dir, tmp;
  write_table_and_index(dir);
  std::unique_ptr<Sandbox> server = Sandbox::start(SandboxOptions{});
  Expected<pid_t> pid = start_pgdrydock(
      {"simulate", "m", "--rows", "1000000", "--dsn", server->conninfo(), "--format", "json"}, dir,
      tmp);
  ASSERT_TRUE(pid.has_value());
  // The server goes once the run has made its scratch database (seeding a million rows then
  // lasts seconds): a fixed sleep raced a fast machine, which finished first.
  for (int i = 0; i < 600 && run_log(dir).find("scratch database") == std::string::npos; ++i)
    std::this_thread::sleep_for(100ms);
  ASSERT_NE(run_log(dir).find("scratch database"), std::string::npos) << run_log(dir);
  std::this_thread::sleep_for(300ms);
  server->stop();
  std::optional<ExitStatus> status = wait_for_exit(*pid, 60s);
  if (!status)
    kill(-*pid, SIGKILL);
  ASSERT_TRUE(status.has_value()) << "hung after the server went away";
  const std::string output = run_log(dir);
  EXPECT_EQ(status->signal(), 0) << output;
  EXPECT_EQ(status->code(), 2) << output;
  EXPECT_NE(output.find("pgdrydock: "), std::string::npos) << output;
  EXPECT_FALSE(sanitizer_report(output)) << output;
  expect_nothing_left(tmp);
}

} // namespace
} // namespace pgdrydock::testing
