// Adopting pgdrydock on an old history: `--write-baseline` accepts today's findings, `--baseline`
// reports only new ones and says how many it suppressed; a finding stays suppressed when its
// statement moves down the file or is re-indented; a bad baseline is an input error (exit 2)
// naming the file, and a failed write leaves nothing behind.
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration_support.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock::test {
namespace {

namespace fs = std::filesystem;

class Baseline : public ::testing::Test {
protected:
  void SetUp() override {
    write_text(dir() / "001_t.up.sql", "CREATE TABLE t (id bigint PRIMARY KEY, a int);\n");
    write_text(dir() / "002_idx.up.sql", "CREATE INDEX t_a ON t (a);\n");
  }
  fs::path dir() const { return temp_.path() / "db"; }
  fs::path baseline() const { return temp_.path() / ".pgdrydock-baseline.json"; }
  ToolRun lint(std::vector<std::string> args) {
    args.insert(args.begin(), {PGDRYDOCK_BINARY, "lint", dir().string()});
    return run_tool(args, temp_.path(), {"ASAN_OPTIONS=detect_leaks=1"});
  }
  pgdrydock::testing::TempFolder temp_;
};

TEST_F(Baseline, AcceptedFindingsAreSuppressedAndCounted) {
  ASSERT_EQ(lint({}).exit_code, 1); // the index build is an error today
  ToolRun wrote = lint({"--write-baseline", baseline().string()});
  EXPECT_EQ(wrote.exit_code, 0) << wrote.output;
  nlohmann::json doc = nlohmann::json::parse(read_text(baseline()));
  ASSERT_GE(doc["findings"].size(), 2u);
  EXPECT_EQ(doc["format"], 1);

  ToolRun quiet = lint({"--baseline", baseline().string()});
  EXPECT_EQ(quiet.exit_code, 0) << quiet.output;
  EXPECT_NE(quiet.output.find(std::to_string(doc["findings"].size()) +
                              " findings suppressed by the baseline"),
            std::string::npos)
      << quiet.output;
  EXPECT_EQ(quiet.output.find("require-concurrent-index-creation"), std::string::npos);

  ToolRun json = lint({"--baseline", baseline().string(), "--format", "json"});
  EXPECT_EQ(nlohmann::json::parse(json.output.substr(
                0, json.output.rfind('}') + 1))["summary"]["suppressed_by_baseline"],
            doc["findings"].size());
}

TEST_F(Baseline, MovedAndReindentedStatementsStaySuppressedNewOnesAreReported) {
  ASSERT_EQ(lint({"--write-baseline", baseline().string()}).exit_code, 0);
  write_text(dir() / "002_idx.up.sql",
             "-- an explanation added later\n\n\nCREATE INDEX   t_a\n    ON t (a);\n"
             "CREATE INDEX t_id_a ON t (id, a);\n");
  ToolRun run = lint({"--baseline", baseline().string(), "--format", "gcc"});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_EQ(run.output.find("002_idx.up.sql:4:"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("002_idx.up.sql:6:1: error"), std::string::npos) << run.output;
}

TEST_F(Baseline, AMalformedBaselineNamesTheFileAndLine) {
  write_text(baseline(), "{\n  \"format\": 1,\n  \"findings\": [\n    {oops}\n  ]\n}\n");
  ToolRun run = lint({"--baseline", baseline().string()});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find(baseline().string() + ":4:"), std::string::npos) << run.output;
}

TEST_F(Baseline, AMissingBaselineIsAnInputError) {
  ToolRun run = lint({"--baseline", (temp_.path() / "nope.json").string()});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("nope.json"), std::string::npos) << run.output;
}

TEST_F(Baseline, BothOptionsTogetherAreAUsageError) {
  ToolRun run = lint({"--baseline", baseline().string(), "--write-baseline", baseline().string()});
  EXPECT_EQ(run.exit_code, 2) << run.output;
}

TEST_F(Baseline, AFailedWriteLeavesNothingBehind) {
  const fs::path target = temp_.path() / "missing-folder/baseline.json";
  ToolRun run = lint({"--write-baseline", target.string()});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_FALSE(fs::exists(target));
  EXPECT_NE(run.output.find("missing-folder"), std::string::npos) << run.output;
}

} // namespace
} // namespace pgdrydock::test
