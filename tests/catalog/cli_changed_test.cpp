// `pgdrydock lint DIR --changed FILE`: the pre-commit case, end to end through the real
// executable. Only the changed migrations are reported, but they are judged against the schema
// the whole history built.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "simulate/sandbox/temp_dir.h"
#include "tests/common/run_command.h"

namespace {

using pgdrydock::test::CommandRun;

CommandRun run(const std::string& args) {
  return pgdrydock::test::run_pgdrydock_command(args);
}

bool mentions(const std::string& output, const std::string& what) {
  return output.find(what) != std::string::npos;
}

class CliChanged : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = pgdrydock::make_private_temp_dir("pgdrydock-cli-changed-", false);
    write("0001_orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, status text);\n");
    // Findings of its own (an index built without CONCURRENTLY): must not be reported when
    // only a later file changed.
    write("0002_index.sql", "CREATE INDEX orders_status_idx ON orders (status);\n");
    // Only the history says `totl` does not exist (the column is `status`... and `id`).
    write("0003_change.sql", "SET lock_timeout = '2s';\n"
                             "ALTER TABLE orders DROP COLUMN totl;\n");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name) << text;
  }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  std::string dir_;
};

TEST_F(CliChanged, ReportsOnlyTheChangedFileJudgedAgainstTheHistory) {
  CommandRun r = run("lint --format gcc " + dir_ + " --changed " + path("0003_change.sql"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(mentions(r.output, "0003_change.sql:2:")) << r.output;
  EXPECT_TRUE(mentions(r.output, "[unknown-object]")) << r.output;
  EXPECT_FALSE(mentions(r.output, "0002_index.sql")) << r.output;
  EXPECT_FALSE(mentions(r.output, "0001_orders.sql")) << r.output;
  EXPECT_TRUE(mentions(r.output, "in 1 file")) << r.output;
}

TEST_F(CliChanged, TheSameFileAloneCannotKnowTheColumnIsMissing) {
  CommandRun r = run("lint --format gcc " + path("0003_change.sql"));
  EXPECT_FALSE(mentions(r.output, "[unknown-object]")) << r.output;
}

TEST_F(CliChanged, AMiddleFileIsLintedAloneWithTheSchemaBeforeIt) {
  CommandRun r = run("lint --format gcc " + dir_ + " --changed " + path("0002_index.sql"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(mentions(r.output, "0002_index.sql:1:")) << r.output;
  EXPECT_FALSE(mentions(r.output, "0003_change.sql")) << r.output;
  // The index's table exists at that point of the history: no unknown-object.
  EXPECT_FALSE(mentions(r.output, "[unknown-object]")) << r.output;
}

TEST_F(CliChanged, SeveralChangedFilesAsPreCommitAppendsThem) {
  // pre-commit appends the file names after the hook's own arguments.
  CommandRun r = run("lint --format gcc " + dir_ + " --changed " + path("0002_index.sql") + " " +
                     path("0003_change.sql"));
  EXPECT_TRUE(mentions(r.output, "0002_index.sql:1:")) << r.output;
  EXPECT_TRUE(mentions(r.output, "0003_change.sql:2:")) << r.output;
  EXPECT_TRUE(mentions(r.output, "in 2 files")) << r.output;
}

TEST_F(CliChanged, AFileOutsideTheHistoryIsAUsageError) {
  std::string elsewhere = dir_ + "-other.sql";
  std::ofstream(elsewhere) << "SELECT 1;\n";
  CommandRun r = run("lint --format gcc " + dir_ + " --changed " + elsewhere);
  std::filesystem::remove(elsewhere);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(mentions(r.output, "--changed " + elsewhere + ": not a migration")) << r.output;
}

TEST_F(CliChanged, ASkippedFileSelectsNothing) {
  write("notes.txt", "not a migration\n");
  CommandRun r = run("lint --format gcc " + dir_ + " --changed " + path("notes.txt"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(mentions(r.output, ".sql:")) << r.output;
}

} // namespace
