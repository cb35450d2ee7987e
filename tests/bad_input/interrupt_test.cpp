// SIGINT and SIGTERM at several points of a run (linting a large file; a simulation from the
// sandbox's start through seeding and replay), each point tried eight times: the exit code is
// 130 or 143, stderr says nothing about the servers the cleanup killed, and no postgres process
// or temporary folder is left behind.
#include <signal.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "bad_input_support.h"

namespace pgdrydock::testing {
namespace {

using namespace std::chrono_literals;

struct Interrupted {
  int exit_code = -1;
  int signal = 0;
  std::string output; // stdout and stderr
};

// Starts pgdrydock, sends `sig` after `delay`, waits for it to end.
Interrupted interrupt_after(const std::vector<std::string>& args, const TempFolder& dir,
                            const TempFolder& tmp, std::chrono::milliseconds delay, int sig) {
  Expected<pid_t> pid = start_pgdrydock(args, dir, tmp);
  EXPECT_TRUE(pid.has_value());
  if (!pid)
    return {};
  std::this_thread::sleep_for(delay);
  kill(*pid, sig);
  std::optional<ExitStatus> status = wait_for_exit(*pid, 60s);
  if (!status) { // hung: a failure, but do not leave it running
    kill(-*pid, SIGKILL);
    status = wait_for_exit(*pid, 10s);
  }
  return {status ? status->code() : -2, status ? status->signal() : 0, run_log(dir)};
}

void expect_clean_interrupt(const Interrupted& r, int sig, const TempFolder& tmp,
                            const std::string& where) {
  SCOPED_TRACE(where);
  // A run that finished before the signal came is not interrupted: it exits 0.
  if (r.exit_code == 0)
    return;
  EXPECT_EQ(r.signal, 0) << "died by the signal instead of exiting " << r.output;
  EXPECT_EQ(r.exit_code, sig == SIGINT ? 130 : 143) << r.output;
  EXPECT_EQ(r.output.find("client encoding"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("simulation aborted"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("error"), std::string::npos) << r.output;
  EXPECT_FALSE(sanitizer_report(r.output)) << r.output;
  expect_nothing_left(tmp);
}

TEST(Interrupt, DuringLintOfALargeFile) {
  TempFolder dir, tmp;
  std::string sql;
  while (sql.size() < (8u << 20))
    sql += "ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 1;\n";
  dir.write("big.sql", sql);
  for (int i = 0; i < 8; ++i) {
    const int sig = i % 2 == 0 ? SIGINT : SIGTERM;
    // From 0.5 s: before main() runs (the sanitizers' start-up) the default action applies.
    const auto delay = std::chrono::milliseconds(500 + 60 * i);
    Interrupted r = interrupt_after({"lint", "big.sql", "--format", "json"}, dir, tmp, delay, sig);
    EXPECT_NE(r.exit_code, 0) << "lint ended before the signal: make the file larger";
    expect_clean_interrupt(r, sig, tmp, "lint, try " + std::to_string(i));
  }
}

// One migration with enough rows that seeding and replay take a while; the signal lands
// during the sandbox's start (early tries), seeding and replay (later ones).
TEST(Interrupt, DuringSimulateFromStartToReplay) {
  TempFolder dir, tmp;
  write_table_and_index(dir);
  // 400k rows: about 4 s on an idle machine (ASan), so every try below is still running when its
  // signal comes even after simulate got faster (50k rows once took 4 s; now 1.2 s).
  const std::vector<std::string> args = {"simulate", "m", "--rows", "400000", "--format", "json"};
  int interrupted = 0;
  for (int point = 0; point < 3; ++point)
    for (int i = 0; i < 8; ++i) {
      const int sig = i % 2 == 0 ? SIGINT : SIGTERM;
      // sandbox start (~0.3-0.9 s), seeding (~1.2-1.8 s), replay and checks (~2.1-2.7 s)
      const auto delay = std::chrono::milliseconds(300 + point * 900 + i * 90);
      Interrupted r = interrupt_after(args, dir, tmp, delay, sig);
      interrupted += r.exit_code != 0;
      expect_clean_interrupt(
          r, sig, tmp, "simulate, point " + std::to_string(point) + " try " + std::to_string(i));
    }
  EXPECT_GE(interrupted, 16) << "most runs must still be running when the signal comes";
}

} // namespace
} // namespace pgdrydock::testing
