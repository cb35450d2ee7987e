// Lint's worker threads change nothing in what it reports: the examples (and a generated
// history with downs, popx-free) linted on one thread and on several give byte-identical JSON.
#include <fstream>

#include <gtest/gtest.h>

#include "../common/run_command.h"
#include "lint/lint_driver.h"
#include "reports/json_report.h"
#include "simulate/sandbox/temp_dir.h"

namespace pgdrydock::testing {
namespace {

std::string lint_json(const std::string& dir, unsigned threads) {
  MigrationSet set = load_migrations({dir}, LoadOptions{});
  LintOptions options;
  options.threads = threads;
  return to_json(lint_migrations(set, options)).dump(1);
}

TEST(ParallelLint, ExamplesGiveTheSameReportOnOneThreadAndOnFour) {
  for (const char* example : {"dbmate", "golang-migrate"}) {
    std::string dir = std::string(PGDRYDOCK_SOURCE_DIR) + "/examples/" + example;
    std::string serial = lint_json(dir, 1);
    EXPECT_NE(serial.find("\"findings\""), std::string::npos) << example;
    EXPECT_EQ(lint_json(dir, 4), serial) << example;
  }
}

// Sixty migrations with downs, foreign keys and indexes: migration-level rules (downgrade,
// foreign keys without index) read the shared catalog snapshots from several threads.
TEST(ParallelLint, HistoryWithDownsGivesTheSameReportOnOneThreadAndOnFour) {
  struct Folder {
    std::string path = make_private_temp_dir("pgdrydock-parallel-", false);
    ~Folder() { remove_tree(path); }
  } dir;
  for (int i = 1; i <= 60; ++i) {
    std::string t = "t" + std::to_string(i);
    std::string up = "CREATE TABLE " + t + " (id bigint PRIMARY KEY, parent_id bigint" +
                     (i > 1 ? " REFERENCES t" + std::to_string(i - 1) + " (id)" : "") +
                     ", note text CHECK (note <> ''));\n";
    if (i % 3 == 0)
      up += "CREATE INDEX ON " + t + " (parent_id);\n";
    if (i % 4 == 0)
      up += "ALTER TABLE t" + std::to_string(i / 2) + " ADD COLUMN extra" + std::to_string(i) +
            " int NOT NULL DEFAULT 0;\n";
    std::string down = i % 5 == 0 ? "SELECT 1;\n" : "DROP TABLE " + t + ";\n";
    std::ofstream(dir.path + "/" + std::to_string(i) + "_m.up.sql") << up;
    std::ofstream(dir.path + "/" + std::to_string(i) + "_m.down.sql") << down;
  }
  std::string serial = lint_json(dir.path, 1);
  EXPECT_NE(serial.find("downgrade-not-inverse"), std::string::npos);
  EXPECT_NE(serial.find("foreign-key-without-index"), std::string::npos);
  EXPECT_EQ(lint_json(dir.path, 4), serial);
}

// The CLI's --threads: one thread (no workers: everything in history order on one thread) and
// several (the downs and migration checks beside the replay) print the same bytes and exit
// the same way, on the examples (with downs) and on the rules' fixtures.
TEST(ParallelLint, CliThreadsOptionGivesTheSameBytes) {
  for (const char* dir : {"examples/golang-migrate", "examples/dbmate", "rules/fixtures"}) {
    SCOPED_TRACE(dir);
    const std::string path = std::string(PGDRYDOCK_SOURCE_DIR) + "/" + dir;
    auto lint = [&](const char* threads) {
      return test::run_captured(
          {PGDRYDOCK_BINARY, "lint", "--format", "json", "--no-cache", "--threads", threads, path});
    };
    const test::CapturedRun serial = lint("1");
    EXPECT_NE(serial.out.find("\"findings\""), std::string::npos) << serial.err;
    for (const char* threads : {"2", "5"}) {
      const test::CapturedRun parallel = lint(threads);
      EXPECT_EQ(parallel.out, serial.out) << threads;
      EXPECT_EQ(parallel.exit_code, serial.exit_code) << threads;
    }
  }
}

TEST(ParallelLint, CliThreadsMustBePositive) {
  const test::CapturedRun run =
      test::run_captured({PGDRYDOCK_BINARY, "lint", "--threads", "0",
                          std::string(PGDRYDOCK_SOURCE_DIR) + "/examples/dbmate"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--threads"), std::string::npos) << run.err;
  EXPECT_TRUE(run.out.empty()) << run.out;
}

} // namespace
} // namespace pgdrydock::testing
