// `lint --changed-since REF` in a real git repository: what a branch added or modified since it
// left REF is linted, the rest replayed; uncommitted files count; an unknown ref, a clone too
// shallow to know it, or a folder outside git are usage errors (exit 2) that say what to do.
#include <filesystem>

#include <gtest/gtest.h>

#include "integration_support.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock::test {
namespace {

namespace fs = std::filesystem;

class ChangedSince : public ::testing::Test {
protected:
  void SetUp() override {
    git(repo(), {"init", "-q", "-b", "main"});
    // The base: a table, and a down script with a finding that must not be reported.
    write_text(repo() / "db/001_t.up.sql", "CREATE TABLE t (id bigint PRIMARY KEY, a int);\n");
    write_text(repo() / "db/001_t.down.sql", "DROP TABLE t;\n");
    git(repo(), {"add", "."});
    git(repo(), {"commit", "-qm", "base"});
    git(repo(), {"checkout", "-qb", "feature"});
    write_text(repo() / "db/002_idx.up.sql", "CREATE INDEX t_a ON t (a);\n");
    write_text(repo() / "notes.txt", "not a migration\n");
    git(repo(), {"add", "."});
    git(repo(), {"commit", "-qm", "feature"});
  }
  fs::path repo() const { return temp_.path() / "repo"; }
  std::vector<std::string> env() const {
    return {"GIT_AUTHOR_NAME=t",          "GIT_AUTHOR_EMAIL=t@example.com",
            "GIT_COMMITTER_NAME=t",       "GIT_COMMITTER_EMAIL=t@example.com",
            "GIT_CONFIG_NOSYSTEM=1",      "HOME=" + temp_.path().string(),
            "ASAN_OPTIONS=detect_leaks=1"};
  }
  std::string git(const fs::path& where, std::vector<std::string> args) {
    fs::create_directories(where);
    args.insert(args.begin(), "git");
    ToolRun run = run_tool(args, where, env());
    EXPECT_EQ(run.exit_code, 0) << run.output;
    return run.output;
  }
  ToolRun lint(const fs::path& cwd, std::vector<std::string> args) {
    args.insert(args.begin(), {PGDRYDOCK_BINARY, "lint"});
    args.insert(args.end(), {"--format", "gcc"});
    return run_tool(args, cwd, env());
  }
  pgdrydock::testing::TempFolder temp_;
};

TEST_F(ChangedSince, LintsWhatTheBranchChangedAndReplaysTheRest) {
  ToolRun run = lint(repo(), {"db", "--changed-since", "main"});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("002_idx.up.sql:1:1: error"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("001_t"), std::string::npos) << run.output;
  // The replayed history is known: t exists, so no unknown-object finding on the index.
  EXPECT_EQ(run.output.find("unknown-object"), std::string::npos) << run.output;
}

TEST_F(ChangedSince, WorksFromAnotherFolderAndCountsUntrackedFiles) {
  write_text(repo() / "db/003_more.up.sql", "ALTER TABLE t ADD COLUMN b int;\n");
  ToolRun run = lint(temp_.path(), {(repo() / "db").string(), "--changed-since", "main"});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("002_idx.up.sql"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("003_more.up.sql"), std::string::npos) << run.output;
}

TEST_F(ChangedSince, NothingChangedIsACleanRun) {
  ToolRun run = lint(repo(), {"db", "--changed-since", "HEAD"});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("no migration changed since HEAD"), std::string::npos) << run.output;
}

TEST_F(ChangedSince, AnUnknownRefSaysHowToFetchIt) {
  ToolRun run = lint(repo(), {"db", "--changed-since", "origin/nope"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("--changed-since origin/nope: git does not know"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("fetch-depth: 0"), std::string::npos) << run.output;
}

TEST_F(ChangedSince, AShallowCloneWithoutTheBaseIsAClearError) {
  const fs::path clone = temp_.path() / "clone";
  ToolRun cloned = run_tool({"git", "clone", "-q", "--depth=1", "--branch", "feature",
                             "file://" + repo().string(), clone.string()},
                            temp_.path(), env());
  ASSERT_EQ(cloned.exit_code, 0) << cloned.output;
  ToolRun run = lint(clone, {"db", "--changed-since", "origin/main"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("shallow clone"), std::string::npos) << run.output;
}

TEST_F(ChangedSince, OutsideGitIsAUsageError) {
  write_text(temp_.path() / "plain/001_x.up.sql", "CREATE TABLE x (id int);\n");
  ToolRun run = lint(temp_.path() / "plain", {".", "--changed-since", "main"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("--changed-since needs a git repository"), std::string::npos)
      << run.output;
}

} // namespace
} // namespace pgdrydock::test
