// `pgdrydock init`: finds the migration folder, names its layout in a commented .pgdrydock.toml
// that lint then reads, never replaces an existing file without --force, and prints the CI
// snippets, which are the tested templates of docs/ci/ (so the two cannot drift apart).
#include <filesystem>
#include <sstream>

#include <gtest/gtest.h>

#include "integration_support.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock::test {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = PGDRYDOCK_SOURCE_DIR;

class Init : public ::testing::Test {
protected:
  void SetUp() override {
    write_text(dir() / "db/migrations/1_t.up.sql", "CREATE TABLE t (id bigint PRIMARY KEY);\n");
    write_text(dir() / "db/migrations/1_t.down.sql", "DROP TABLE t;\n");
  }
  fs::path dir() const { return temp_.path(); }
  ToolRun pgdrydock(std::vector<std::string> args) {
    args.insert(args.begin(), PGDRYDOCK_BINARY);
    return run_tool(args, dir(), {"ASAN_OPTIONS=detect_leaks=1"});
  }
  pgdrydock::testing::TempFolder temp_;
};

TEST_F(Init, FindsTheFolderWritesAConfigLintReadsAndPrintsTheTestedSnippets) {
  ToolRun run = pgdrydock({"init", "--pg-version", "13"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string config = read_text(dir() / ".pgdrydock.toml");
  EXPECT_NE(config.find("pg_version = 13"), std::string::npos) << config;
  EXPECT_NE(config.find("layout = \"golang-migrate\""), std::string::npos) << config;
  EXPECT_NE(config.find("#   require-concurrent-index-creation"), std::string::npos) << config;
  EXPECT_NE(run.output.find("1 migrations in db/migrations (golang-migrate layout)"),
            std::string::npos)
      << run.output;

  // lint reads it: a bad key would be exit 2; the JSON report carries the configured version.
  ToolRun lint = pgdrydock({"lint", "db/migrations", "--format", "json"});
  EXPECT_EQ(lint.exit_code, 0) << lint.output;
  EXPECT_NE(lint.output.find("\"pg_version\": 13"), std::string::npos) << lint.output;

  std::string pre_commit =
      without_comment_lines(read_text(kSource / "docs/ci/pre-commit-config.yaml"));
  EXPECT_NE(run.output.find(pre_commit), std::string::npos) << run.output;
  for (const char* name : {"docs/ci/github-workflow.yml", "docs/ci/gitlab-ci.yml"}) {
    std::string snippet = without_comment_lines(read_text(kSource / name));
    // The templates name the folder `migrations`; init puts the user's folder there.
    for (std::size_t at = 0; (at = snippet.find("migrations/", at)) != std::string::npos; at += 14)
      snippet.replace(at, 11, "db/migrations/");
    if (std::size_t at = snippet.find("path: migrations,"); at != std::string::npos)
      snippet.replace(at, 17, "path: db/migrations,");
    EXPECT_NE(run.output.find(snippet), std::string::npos) << name << ":\n" << snippet;
  }
}

TEST_F(Init, NeverReplacesAnExistingConfigWithoutForce) {
  write_text(dir() / ".pgdrydock.toml", "fail_on = \"warning\"\n");
  ToolRun run = pgdrydock({"init"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("--force"), std::string::npos) << run.output;
  EXPECT_EQ(read_text(dir() / ".pgdrydock.toml"), "fail_on = \"warning\"\n");
  EXPECT_EQ(pgdrydock({"init", "--force"}).exit_code, 0);
  EXPECT_NE(read_text(dir() / ".pgdrydock.toml").find("layout ="), std::string::npos);
}

TEST_F(Init, WithoutAMigrationFolderSaysHowToNameIt) {
  fs::remove_all(dir() / "db");
  ToolRun run = pgdrydock({"init"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("pgdrydock init path/to/migrations"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(dir() / ".pgdrydock.toml"));
}

TEST_F(Init, AnUnsupportedVersionIsAUsageError) {
  ToolRun run = pgdrydock({"init", "--pg-version", "9"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_FALSE(fs::exists(dir() / ".pgdrydock.toml"));
}

} // namespace
} // namespace pgdrydock::test
