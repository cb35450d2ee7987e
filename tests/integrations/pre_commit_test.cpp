// The pre-commit hooks of .pre-commit-hooks.yaml run by Debian's real pre-commit, as a user's
// repository runs them: a temporary git repository whose .pre-commit-config.yaml is the README's
// (docs/ci/pre-commit-config.yaml) pointed at a local hook repository holding this checkout's
// .pre-commit-hooks.yaml. `language: system` needs no network; the built pgdrydock and
// scripts/pgdrydock-pre-commit are put on PATH as an install would. HOME and pre-commit's caches
// live in the temporary folder.
#include <cstdlib>
#include <filesystem>
#include <regex>

#include <gtest/gtest.h>

#include "integration_support.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock::test {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = PGDRYDOCK_SOURCE_DIR;

class PreCommit : public ::testing::Test {
protected:
  void SetUp() override {
    fs::create_directories(home() / "bin");
    fs::create_symlink(PGDRYDOCK_BINARY, home() / "bin/pgdrydock");
    fs::create_symlink(kSource / "scripts/pgdrydock-pre-commit",
                       home() / "bin/pgdrydock-pre-commit");
    const char* path = std::getenv("PATH");
    env_ = {"HOME=" + home().string(),
            "PRE_COMMIT_HOME=" + (home() / "pre-commit").string(),
            "XDG_CACHE_HOME=" + (home() / "cache").string(),
            "PATH=" + (home() / "bin").string() + ":" + (path ? path : "/usr/bin:/bin"),
            "GIT_AUTHOR_NAME=test",
            "GIT_AUTHOR_EMAIL=test@example.com",
            "GIT_COMMITTER_NAME=test",
            "GIT_COMMITTER_EMAIL=test@example.com",
            "GIT_CONFIG_NOSYSTEM=1",
            "PRE_COMMIT_COLOR=never",
            "ASAN_OPTIONS=detect_leaks=1"};
    // The hook repository: this checkout's hook definitions, committed (pre-commit needs a rev).
    write_text(hooks() / ".pre-commit-hooks.yaml", read_text(kSource / ".pre-commit-hooks.yaml"));
    git(hooks(), {"init", "-q"});
    git(hooks(), {"add", "."});
    git(hooks(), {"commit", "-qm", "hooks"});
    const std::string rev = trimmed(git(hooks(), {"rev-parse", "HEAD"}));

    // The user's repository, configured with the README's file.
    std::string config = read_text(kSource / "docs/ci/pre-commit-config.yaml");
    config = std::regex_replace(config, std::regex("repo: \\S+"), "repo: " + hooks().string());
    config = std::regex_replace(config, std::regex("rev: \\S+"), "rev: " + rev);
    write_text(repo() / ".pre-commit-config.yaml", config);
    git(repo(), {"init", "-q"});
  }

  fs::path home() const { return temp_.path(); }
  fs::path hooks() const { return temp_.path() / "hooks"; }
  fs::path repo() const { return temp_.path() / "repo"; }

  std::string git(const fs::path& where, std::vector<std::string> args) {
    args.insert(args.begin(), "git");
    ToolRun run = run_tool(args, where, env_);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    return run.output;
  }
  static std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
      s.pop_back();
    return s;
  }
  // Writes files, stages everything and runs the hooks on what is staged, as `git commit` would.
  ToolRun stage_and_run(const std::vector<std::pair<std::string, std::string>>& files) {
    for (const auto& [name, text] : files)
      write_text(repo() / name, text);
    git(repo(), {"add", "-A"});
    return run_tool({"pre-commit", "run"}, repo(), env_);
  }
  void commit() { git(repo(), {"commit", "-qm", "step", "--no-verify"}); }

  testing::TempFolder temp_;
  std::vector<std::string> env_;
};

TEST_F(PreCommit, SqlHookFailsOnAnUnsafeMigrationAndPassesOnASafeOne) {
  ToolRun first =
      stage_and_run({{"db/0001_orders.sql",
                      "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n"}});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  commit();

  // Linted against the replayed 0001: the index is on an existing table, so it blocks writes.
  ToolRun unsafe = stage_and_run(
      {{"db/0002_index.sql", "CREATE INDEX orders_customer_idx ON orders (customer_id);\n"}});
  EXPECT_EQ(unsafe.exit_code, 1) << unsafe.output;
  EXPECT_NE(unsafe.output.find("Failed"), std::string::npos) << unsafe.output;
  EXPECT_NE(unsafe.output.find("db/0002_index.sql:1:1"), std::string::npos) << unsafe.output;
  EXPECT_NE(unsafe.output.find("[require-concurrent-index-creation]"), std::string::npos)
      << unsafe.output;
  // Only the changed file is reported, not the history.
  EXPECT_EQ(unsafe.output.find("0001_orders.sql:"), std::string::npos) << unsafe.output;

  ToolRun safe =
      stage_and_run({{"db/0002_index.sql",
                      "CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\n"}});
  EXPECT_EQ(safe.exit_code, 0) << safe.output;
  EXPECT_NE(safe.output.find("Passed"), std::string::npos) << safe.output;
}

TEST_F(PreCommit, SqlHookReportsABadFileAsAnErrorNotAFinding) {
  ToolRun bad = stage_and_run({{"db/0001_bad.sql", std::string("SELECT 1;\0\n", 11)}});
  EXPECT_EQ(bad.exit_code, 1) << bad.output; // pre-commit's own code for a failed hook
  EXPECT_NE(bad.output.find("exit code: 2"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("db/0001_bad.sql"), std::string::npos) << bad.output;
}

// A downgrade that drops a table bounds its wait for the lock, so only upgrade() can fail.
const std::string kBoundedWait = "    op.execute(\"SET LOCAL lock_timeout = '2s'\")\n";
const char* kRevisionHeader = "from alembic import op\nimport sqlalchemy as sa\n\n";

TEST_F(PreCommit, AlembicHookFailsOnAnUnsafeRevisionAndPassesOnASafeOne) {
  const fs::path fixture = kSource / "tests/fixtures/alembic_project";
  ToolRun first = stage_and_run(
      {{"alembic.ini", read_text(fixture / "alembic.ini")},
       {"migrations/env.py", read_text(fixture / "migrations/env.py")},
       {"migrations/script.py.mako", read_text(fixture / "migrations/script.py.mako")},
       {"migrations/versions/001_orders.py",
        std::string(kRevisionHeader) +
            "revision = '001_orders'\ndown_revision = None\n\n"
            // sa.Identity(): SQLAlchemy's default for an integer key is BIGSERIAL, which
            // prefer-identity flags (a warning, and the hook fails on warnings).
            "def upgrade():\n    op.create_table('orders', sa.Column('id', sa.BigInteger, "
            "sa.Identity(), primary_key=True), sa.Column('customer_id', sa.BigInteger))\n\n"
            "def downgrade():\n" +
            kBoundedWait + "    op.drop_table('orders')\n"}});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  commit();

  const std::string head =
      std::string(kRevisionHeader) + "revision = '002_next'\ndown_revision = '001_orders'\n\n";
  ToolRun unsafe =
      stage_and_run({{"migrations/versions/002_next.py",
                      head + "def upgrade():\n    op.create_index('ix_orders_customer', 'orders', "
                             "['customer_id'])\n\ndef downgrade():\n    pass  # pgdrydock:ignore "
                             "alembic-irreversible-downgrade test\n"}});
  EXPECT_EQ(unsafe.exit_code, 1) << unsafe.output;
  EXPECT_NE(unsafe.output.find(
                "migrations/versions/002_next.py:8:5: error [require-concurrent-index-creation]"),
            std::string::npos)
      << unsafe.output;
  EXPECT_NE(unsafe.output.find("[require-concurrent-index-creation]"), std::string::npos)
      << unsafe.output;

  ToolRun safe = stage_and_run(
      {{"migrations/versions/002_next.py",
        head +
            "def upgrade():\n    op.create_table('notes', sa.Column('id', sa.BigInteger, "
            "sa.Identity(), primary_key=True))\n\ndef downgrade():\n" +
            kBoundedWait + "    op.drop_table('notes')\n"}});
  EXPECT_EQ(safe.exit_code, 0) << safe.output;
  EXPECT_NE(safe.output.find("Passed"), std::string::npos) << safe.output;
}

} // namespace
} // namespace pgdrydock::test
