// Every bundled example (examples/*/) rendered in every format, as the README invites a new
// user to try them: `pgdrydock lint` through the real command, and `pgdrydock simulate` as one
// small size sweep per example on one disposable cluster, its result then rendered by every
// renderer. Each report must be complete (XML whose root closes, one JSON document), non-empty,
// valid (tests/reports/check_report.py), with the exit code the example calls for.
#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lint/migration.h"
#include "reports/report_format.h"
#include "simulate/estimate/sweep.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/simulator.h"
#include "tests/common/run_command.h"
#include "tests/reports/report_check.h"

namespace pgdrydock::test {
namespace {

namespace fs = std::filesystem;

// Every folder of examples/, so a new example is covered the day it is added.
std::vector<std::string> example_folders() {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(fs::path(PGDRYDOCK_SOURCE_DIR) / "examples"))
    if (entry.is_directory())
      out.push_back(entry.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

// What each bundled example is expected to make the command return (examples/README.md: the
// dangerous ones are flagged; golang-migrate's RLS downgrade leaves its policies behind).
const std::map<std::string, int> kLintExit = {{"dbmate", 1}, {"golang-migrate", 1}};
const std::map<std::string, int> kSimulateExit = {{"dbmate", 0}, {"golang-migrate", 1}};

int expected(const std::map<std::string, int>& table, const std::string& folder) {
  const auto it = table.find(fs::path(folder).filename().string());
  EXPECT_NE(it, table.end()) << folder << ": a new example; say what it should exit with";
  return it == table.end() ? -1 : it->second;
}

// Complete: nothing cut (the parsers see the closing tags and brackets), and the line-based
// formats end their last line.
void expect_complete(const std::string& format, const std::string& report,
                     const std::string& where) {
  EXPECT_FALSE(report.empty()) << where;
  EXPECT_EQ(report_problem(format, report), "") << where;
  if (!report.empty()) {
    EXPECT_EQ(report.back(), '\n') << where;
  }
}

TEST(ExamplesEveryFormat, LintRendersEveryExampleInEveryFormat) {
  const auto folders = example_folders();
  ASSERT_GE(folders.size(), 2u);
  for (const auto& folder : folders)
    for (const auto& format : all_report_formats()) {
      CapturedRun run = run_captured({PGDRYDOCK_BINARY, "lint", folder, "--format", format});
      const std::string where = "lint " + folder + " --format " + format + "\n" + run.err;
      EXPECT_EQ(run.exit_code, expected(kLintExit, folder)) << where;
      expect_complete(format, run.out, where);
    }
}

// One cluster for the whole suite; each example simulated once, as a sweep of the two smallest
// sizes that still fit (the path of `simulate --sizes ... --format html`, which once died
// halfway through its HTML).
TEST(ExamplesEveryFormat, SimulateRendersEverySweptExampleInEveryFormat) {
  std::unique_ptr<Sandbox> sandbox = Sandbox::start({});
  ASSERT_TRUE(sandbox);
  for (const auto& folder : example_folders()) {
    MigrationSet set = load_migrations({folder}, LoadOptions{});
    ASSERT_TRUE(set.errors.empty()) << folder << ": " << set.errors.front().message;
    SimulateOptions options;
    options.lint.pg_version = sandbox->server_major_version();
    options.lint.keep_all_statements = true;
    SweepOptions sweep;
    sweep.sizes = {50, 100};
    const LintResult result = simulate_sweep(set, *sandbox, options, sweep);
    ASSERT_EQ(result.migrations.size(), set.migrations.size()) << folder;
    for (const auto& m : result.migrations)
      ASSERT_TRUE(m.simulation) << folder << " " << m.version << " was not simulated";
    EXPECT_EQ(simulation_exit_code(result, false), expected(kSimulateExit, folder)) << folder;
    for (const auto& format : all_report_formats()) {
      const std::string report = find_renderer(format)->render(result, RenderOptions{false, true});
      expect_complete(format, report, "simulate " + folder + " --format " + format);
    }
  }
  sandbox->stop();
}

} // namespace
} // namespace pgdrydock::test
