// The GitHub action's script (scripts/github-action.sh, run by action.yml) as a runner runs it
// on a pull request: a git repository with a base and a head commit, the event file of a PR,
// the GITHUB_* variables, and the GitHub API played by a local server
// (fake_github_api.py) that records every request. Asserts what the PR would show: one comment
// carrying the report, updated in place on the second run (not duplicated), the job summary,
// the SARIF file and the exit code handed to the action's last step.
#include <signal.h>

#include <filesystem>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration_support.h"
#include "lint/support/process_runner.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock::test {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = PGDRYDOCK_SOURCE_DIR;

class GithubAction : public ::testing::Test {
protected:
  void SetUp() override {
    fs::create_directories(repo());
    git({"init", "-q", "-b", "main"});
    write_text(repo() / "db/001_accounts.up.sql",
               "CREATE TABLE accounts (id bigint PRIMARY KEY, email text);\n");
    write_text(repo() / "db/001_accounts.down.sql", "DROP TABLE accounts;\n");
    git({"add", "."});
    git({"commit", "-qm", "base"});
    base_ = trimmed(git({"rev-parse", "HEAD"}));
    git({"checkout", "-qb", "feature"});
    // The PR adds an unsafe migration and touches a file that is no migration.
    write_text(repo() / "db/002_email_index.up.sql",
               "CREATE INDEX accounts_email ON accounts (email);\n");
    write_text(repo() / "db/002_email_index.down.sql", "DROP INDEX accounts_email;\n");
    write_text(repo() / "README.md", "docs\n");
    git({"add", "."});
    git({"commit", "-qm", "head"});
    write_text(
        event(),
        nlohmann::json{{"pull_request", {{"number", 7}, {"base", {{"sha", base_}}}}}}.dump());
    start_api();
  }
  void TearDown() override {
    if (api_pid_ > 0) { // stop the server this test started, by its pid
      ::kill(api_pid_, SIGTERM);
      wait_for_exit(api_pid_, std::chrono::seconds(10));
    }
  }

  fs::path repo() const { return temp_.path() / "repo"; }
  fs::path event() const { return temp_.path() / "event.json"; }
  fs::path log() const { return temp_.path() / "api.log"; }

  static std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
      s.pop_back();
    return s;
  }
  std::string git(std::vector<std::string> args) {
    args.insert(args.begin(), "git");
    ToolRun run = run_tool(args, repo(), identity());
    EXPECT_EQ(run.exit_code, 0) << run.output;
    return run.output;
  }
  std::vector<std::string> identity() const {
    return {"GIT_AUTHOR_NAME=t",     "GIT_AUTHOR_EMAIL=t@example.com",
            "GIT_COMMITTER_NAME=t",  "GIT_COMMITTER_EMAIL=t@example.com",
            "GIT_CONFIG_NOSYSTEM=1", "HOME=" + temp_.path().string()};
  }

  void start_api() {
    fs::create_directories(repo());
    ProcessOptions options;
    options.argv = {"python3", (kSource / "tests/integrations/fake_github_api.py").string(),
                    (temp_.path() / "port").string(), log().string()};
    options.stdout_to = Output::discard;
    options.stderr_to = Output::discard;
    Expected<pid_t> pid = start_process(options);
    ASSERT_TRUE(pid) << pid.error().message;
    api_pid_ = *pid;
    for (int i = 0; i < 200 && !fs::exists(temp_.path() / "port"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_TRUE(fs::exists(temp_.path() / "port")) << "the fake GitHub API did not start";
    port_ = read_text(temp_.path() / "port");
  }

  // One run of the action's script as the runner would start it.
  ToolRun run_action(const std::string& run_dir) {
    fs::create_directories(temp_.path() / run_dir);
    std::vector<std::string> env = identity();
    env.insert(env.end(),
               {"PGDRYDOCK=" + std::string(PGDRYDOCK_BINARY), "GITHUB_EVENT_NAME=pull_request",
                "GITHUB_EVENT_PATH=" + event().string(), "GITHUB_REPOSITORY=octo/shop",
                "GITHUB_API_URL=http://127.0.0.1:" + port_, "GITHUB_TOKEN=secret-token",
                "GITHUB_STEP_SUMMARY=" + (temp_.path() / run_dir / "summary.md").string(),
                "GITHUB_OUTPUT=" + (temp_.path() / run_dir / "output").string(),
                "RUNNER_TEMP=" + (temp_.path() / run_dir).string(), "INPUT_PATH=db",
                "INPUT_FAIL_ON=error", "INPUT_COMMENT=true", "ASAN_OPTIONS=detect_leaks=1"});
    return run_tool({"bash", (kSource / "scripts/github-action.sh").string()}, repo(), env);
  }

  std::vector<nlohmann::json> requests() const {
    std::vector<nlohmann::json> out;
    std::istringstream lines(read_text(log()));
    for (std::string line; std::getline(lines, line);)
      out.push_back(nlohmann::json::parse(line));
    return out;
  }

  pgdrydock::testing::TempFolder temp_;
  std::string base_;
  std::string port_;
  pid_t api_pid_ = -1;
};

TEST_F(GithubAction, PostsOneCommentThenUpdatesItInPlace) {
  ToolRun first = run_action("run1");
  ASSERT_EQ(first.exit_code, 0) << first.output; // the action's last step fails the job
  const std::string output = read_text(temp_.path() / "run1/output");
  EXPECT_NE(output.find("exit-code=1"), std::string::npos) << output;
  EXPECT_NE(
      output.find("sarif=" + (temp_.path() / "run1/pgdrydock-report/pgdrydock.sarif").string()),
      std::string::npos)
      << output;
  EXPECT_NE(read_text(temp_.path() / "run1/pgdrydock-report/pgdrydock.sarif").find("\"2.1.0\""),
            std::string::npos);
  const std::string summary = read_text(temp_.path() / "run1/summary.md");
  EXPECT_NE(summary.find("require-concurrent-index-creation"), std::string::npos) << summary;
  // Only what the PR changed is linted: the base's DROP TABLE (missing-lock-timeout) is not.
  EXPECT_EQ(summary.find("001_accounts"), std::string::npos) << summary;

  std::vector<nlohmann::json> after_first = requests();
  ASSERT_EQ(after_first.size(), 2u) << read_text(log()); // list (empty), then create
  EXPECT_EQ(after_first[0]["method"], "GET");
  EXPECT_EQ(after_first[1]["method"], "POST");
  EXPECT_EQ(after_first[1]["path"], "/repos/octo/shop/issues/7/comments");
  EXPECT_EQ(after_first[1]["auth"], "Bearer secret-token");
  const std::string body = after_first[1]["body"]["body"];
  EXPECT_EQ(body.rfind("<!-- pgdrydock-report -->", 0), 0u) << body;
  EXPECT_NE(body.find("accounts_email"), std::string::npos) << body;

  // The PR is pushed again, now safe: the same comment is edited, no second one appears.
  write_text(repo() / "db/002_email_index.up.sql",
             "CREATE INDEX CONCURRENTLY accounts_email ON accounts (email);\n");
  write_text(repo() / "db/002_email_index.down.sql", "DROP INDEX CONCURRENTLY accounts_email;\n");
  git({"commit", "-qam", "concurrently"});
  ToolRun second = run_action("run2");
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_NE(read_text(temp_.path() / "run2/output").find("exit-code=0"), std::string::npos);
  std::vector<nlohmann::json> all = requests();
  ASSERT_EQ(all.size(), 4u) << read_text(log());
  EXPECT_EQ(all[2]["method"], "GET");
  EXPECT_EQ(all[3]["method"], "PATCH");
  EXPECT_EQ(all[3]["path"], "/repos/octo/shop/issues/comments/100");
  const std::string updated = all[3]["body"]["body"];
  EXPECT_EQ(updated.find("require-concurrent-index-creation"), std::string::npos) << updated;
}

TEST_F(GithubAction, AReportLongerThanACommentIsTrimmedWithAPointer) {
  // 400 unsafe statements: the markdown report alone exceeds GitHub's 65,536 characters.
  std::string many;
  for (int i = 0; i < 400; ++i)
    many += "CREATE INDEX accounts_email_" + std::to_string(i) +
            "_with_a_long_descriptive_name ON accounts (email);\n";
  write_text(repo() / "db/002_email_index.up.sql", many);
  git({"commit", "-qam", "many"});
  ToolRun run = run_action("run1");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::vector<nlohmann::json> all = requests();
  ASSERT_EQ(all.size(), 2u) << read_text(log());
  const std::string body = all[1]["body"]["body"];
  EXPECT_LE(body.size(), 65536u);
  EXPECT_EQ(body.rfind("<!-- pgdrydock-report -->", 0), 0u);
}

} // namespace
} // namespace pgdrydock::test
