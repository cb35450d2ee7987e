// Progress of `pgdrydock simulate` on stderr, with a real sandbox: one line per phase with
// --progress when stderr is no terminal, a line redrawn in place on a terminal (a pseudo
// terminal from util-linux's `script`), nothing with --quiet; the report on stdout is the same
// JSON in every case.
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration_support.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock::test {
namespace {

namespace fs = std::filesystem;

class Progress : public ::testing::Test {
protected:
  void SetUp() override {
    write_text(dir() / "db/1_t.up.sql", "CREATE TABLE t (id bigint PRIMARY KEY, a int);\n");
    write_text(dir() / "db/1_t.down.sql", "DROP TABLE t;\n");
    write_text(dir() / "db/2_idx.up.sql", "CREATE INDEX t_a ON t (a);\n");
    write_text(dir() / "db/2_idx.down.sql", "DROP INDEX t_a;\n");
  }
  fs::path dir() const { return temp_.path(); }
  std::vector<std::string> simulate(std::vector<std::string> extra) const {
    std::vector<std::string> args = {PGDRYDOCK_BINARY, "simulate", "db", "--rows", "100",
                                     "--format",       "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  static void expect_report(const std::string& json) {
    nlohmann::json report = nlohmann::json::parse(json);
    EXPECT_EQ(report["migrations"].size(), 2u);
  }
  pgdrydock::testing::TempFolder temp_;
};

TEST_F(Progress, OneLinePerPhaseWithProgressAndNoTerminal) {
  std::vector<std::string> args = {"bash", "-c", "\"$@\" 2>progress.txt >report.json", "sh"};
  for (const auto& a : simulate({"--progress"}))
    args.push_back(a);
  ToolRun run = run_tool(args, dir(), {"ASAN_OPTIONS=detect_leaks=1", "TERM=xterm"});
  ASSERT_EQ(run.exit_code, 0) << run.output << read_text(dir() / "progress.txt");
  const std::string progress = read_text(dir() / "progress.txt");
  EXPECT_NE(progress.find("] start PostgreSQL\n"), std::string::npos) << progress;
  EXPECT_NE(progress.find("] replay 2 idx up (1/2"), std::string::npos) << progress;
  EXPECT_EQ(progress.find('\r'), std::string::npos) << "no redraws in a log";
  expect_report(read_text(dir() / "report.json"));
}

TEST_F(Progress, QuietPrintsNoProgress) {
  std::vector<std::string> args = {"bash", "-c", "\"$@\" 2>progress.txt >report.json", "sh"};
  for (const auto& a : simulate({"--progress", "--quiet"}))
    args.push_back(a);
  ToolRun run = run_tool(args, dir(), {"ASAN_OPTIONS=detect_leaks=1"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(read_text(dir() / "progress.txt").find("pgdrydock ["), std::string::npos);
  expect_report(read_text(dir() / "report.json"));
}

TEST_F(Progress, ATerminalGetsOneLineRedrawnAndTheReportStaysClean) {
  // `script` gives the command a pseudo terminal as stderr; stdout goes to a file. The words
  // are a build path and plain options: joined with spaces, no quoting needed.
  std::string command;
  for (const auto& a : simulate({})) {
    ASSERT_EQ(a.find_first_of(" '\"$\\"), std::string::npos) << a;
    command += a + " ";
  }
  command += "> report.json";
  ToolRun run = run_tool({"script", "-qfec", command, "typescript.txt"}, dir(),
                         {"ASAN_OPTIONS=detect_leaks=1", "TERM=xterm"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string terminal = read_text(dir() / "typescript.txt");
  EXPECT_NE(terminal.find("\r\x1b[Kpgdrydock ["), std::string::npos) << terminal;
  expect_report(read_text(dir() / "report.json"));
}

TEST_F(Progress, LintSaysWhereItIsWithProgressAndNothingWhenQuiet) {
  std::vector<std::string> args = {"bash",
                                   "-c",
                                   "\"$@\" 2>progress.txt >report.json",
                                   "sh",
                                   PGDRYDOCK_BINARY,
                                   "lint",
                                   "db",
                                   "--format",
                                   "json",
                                   "--progress"};
  ToolRun run = run_tool(args, dir(), {"ASAN_OPTIONS=detect_leaks=1"});
  ASSERT_EQ(run.exit_code, 1) << run.output; // the index build is a finding
  EXPECT_NE(read_text(dir() / "progress.txt").find("] lint migrations\n"), std::string::npos)
      << read_text(dir() / "progress.txt");
  expect_report(read_text(dir() / "report.json"));
  args.push_back("--quiet");
  ASSERT_EQ(run_tool(args, dir(), {"ASAN_OPTIONS=detect_leaks=1"}).exit_code, 1);
  EXPECT_EQ(read_text(dir() / "progress.txt").find("pgdrydock ["), std::string::npos);
}

} // namespace
} // namespace pgdrydock::test
