// `pgdrydock lint --stats`: findings name the size of their table and their severity follows
// it (both ways), tables missing from the statistics are said so, thresholds come from
// .pgdrydock.toml, and a broken statistics file is bad input (exit 2, file:line).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lint/table_stats.h"
#include "stats_test_support.h"

namespace pgdrydock {
namespace {

using namespace stats_test;
using nlohmann::json;

TableStats table(const std::string& name, double rows, std::int64_t bytes) {
  TableStats t;
  t.schema = "public";
  t.name = name;
  t.reltuples = rows;
  t.relpages = static_cast<std::int64_t>(rows / 50) + 1;
  t.total_bytes = bytes;
  t.table_bytes = bytes;
  return t;
}

std::string production_stats() {
  StatsFile stats;
  stats.tables.push_back(table("orders", 41.2e6, 18LL << 30));
  stats.tables.push_back(table("mid", 500e3, 80LL << 20));
  stats.tables.push_back(table("tiny", 2000, 400 << 10));
  return stats_file_to_json(stats);
}

// Each statement on its own line, in this order.
constexpr const char* kMigration = "CREATE INDEX orders_created_idx ON orders (created_at);\n"
                                   "CREATE INDEX tiny_x_idx ON tiny (x);\n"
                                   "CREATE INDEX mid_x_idx ON mid (x);\n"
                                   "UPDATE orders SET flag = true;\n"
                                   "UPDATE tiny SET flag = true;\n"
                                   "UPDATE mid SET flag = true;\n"
                                   "CREATE INDEX ghost_x_idx ON ghost (x);\n"
                                   "CREATE TABLE fresh (id int);\n"
                                   "CREATE INDEX fresh_idx ON fresh (id);\n";

struct Reported {
  std::string severity;
  std::string message;
};

// rule id -> finding, for the statement on `line`.
std::map<std::string, Reported> findings_on_line(const json& report, int line) {
  std::map<std::string, Reported> out;
  for (const auto& m : report["migrations"])
    for (const auto& s : m["scripts"])
      for (const auto& st : s["statements"])
        if (st["location"]["line"] == line)
          for (const auto& f : st["findings"])
            out[f["rule"].get<std::string>()] = {f["severity"], f["message"]};
  return out;
}

class LintStatsTest : public ::testing::Test {
protected:
  void SetUp() override {
    stats_path_ = dir_.write("prod-stats.json", production_stats());
    migration_ = dir_.write("migrations/001_change.sql", kMigration);
  }
  json lint(std::vector<std::string> extra, int expected_exit = 1) {
    std::vector<std::string> args = {"lint", migration_.string(), "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const CliRun run = run_cli(args, dir_.path());
    EXPECT_EQ(run.exit_code, expected_exit) << run.err;
    return json::parse(run.out);
  }
  ScratchDir dir_;
  std::filesystem::path stats_path_;
  std::filesystem::path migration_;
};

TEST_F(LintStatsTest, SeverityFollowsTableSizeBothWays) {
  const json without = lint({});
  EXPECT_EQ(findings_on_line(without, 1)["require-concurrent-index-creation"].severity, "error");
  EXPECT_EQ(findings_on_line(without, 2)["require-concurrent-index-creation"].severity, "error");
  EXPECT_EQ(findings_on_line(without, 4)["unbatched-backfill"].severity, "warning");

  const json report = lint({"--stats", stats_path_.string()});
  auto big_index = findings_on_line(report, 1);
  EXPECT_EQ(big_index["require-concurrent-index-creation"].severity, "error");
  EXPECT_NE(big_index["require-concurrent-index-creation"].message.find(
                "(orders: 41.2 M rows, 18 GB; error from 1 M rows)"),
            std::string::npos)
      << big_index["require-concurrent-index-creation"].message;
  // Waiting in the lock queue does not grow with the table: named, not re-weighed.
  ASSERT_TRUE(big_index.count("missing-lock-timeout"));
  EXPECT_EQ(big_index["missing-lock-timeout"].severity, "warning");
  EXPECT_NE(big_index["missing-lock-timeout"].message.find("(orders: 41.2 M rows, 18 GB)"),
            std::string::npos);

  auto small_index = findings_on_line(report, 2)["require-concurrent-index-creation"];
  EXPECT_EQ(small_index.severity, "info");
  EXPECT_NE(small_index.message.find("(tiny: 2 k rows, 400 kB; info below 100 k rows)"),
            std::string::npos)
      << small_index.message;
  // In between: the rule's own severity, with the size named.
  auto mid_index = findings_on_line(report, 3)["require-concurrent-index-creation"];
  EXPECT_EQ(mid_index.severity, "error");
  EXPECT_NE(mid_index.message.find("(mid: 500 k rows, 80 MB)"), std::string::npos)
      << mid_index.message;

  EXPECT_EQ(findings_on_line(report, 4)["unbatched-backfill"].severity, "error"); // up
  EXPECT_EQ(findings_on_line(report, 5)["unbatched-backfill"].severity, "info");  // down
  EXPECT_EQ(findings_on_line(report, 6)["unbatched-backfill"].severity, "warning");
}

TEST_F(LintStatsTest, TableMissingFromTheStatisticsIsSaidOnce) {
  const json report = lint({"--stats", stats_path_.string()});
  const auto ghost = findings_on_line(report, 7);
  ASSERT_FALSE(ghost.empty());
  int notes = 0;
  for (const auto& [rule, finding] : ghost) {
    const auto at = finding.message.find("not in the statistics file");
    if (at == std::string::npos)
      continue;
    ++notes;
    EXPECT_NE(finding.message.find(stats_path_.string() + ": public.ghost; size unknown"),
              std::string::npos)
        << finding.message;
  }
  EXPECT_EQ(notes, 1);
  EXPECT_EQ(ghost.at("require-concurrent-index-creation").severity, "error"); // unchanged
  // A table the migration creates is new, neither sized nor missing: no finding at all.
  EXPECT_TRUE(findings_on_line(report, 9).empty());
}

TEST_F(LintStatsTest, ThresholdsAndFileFromTheConfig) {
  dir_.write(".pgdrydock.toml", "[stats]\nfile = \"prod-stats.json\"\nsmall_rows = 100\n"
                                "large_rows = 1000\n");
  const json report = lint({}); // no --stats: the config names the file
  auto small_index = findings_on_line(report, 2)["require-concurrent-index-creation"];
  EXPECT_EQ(small_index.severity, "error");
  EXPECT_NE(small_index.message.find("(tiny: 2 k rows, 400 kB; error from 1 k rows)"),
            std::string::npos)
      << small_index.message;
  EXPECT_EQ(findings_on_line(report, 6)["unbatched-backfill"].severity, "error");

  dir_.write(".pgdrydock.toml", "[stats]\nsmall_rows = 10000000\nlarge_rows = 100000000\n");
  const json raised = lint({"--stats", stats_path_.string()});
  EXPECT_EQ(findings_on_line(raised, 3)["require-concurrent-index-creation"].severity, "info");
  EXPECT_EQ(findings_on_line(raised, 1)["require-concurrent-index-creation"].severity, "error");
  EXPECT_EQ(findings_on_line(raised, 4)["unbatched-backfill"].severity, "warning");

  // small_rows alone above the default large_rows cannot hold: a usage error.
  dir_.write(".pgdrydock.toml", "[stats]\nsmall_rows = 10000000\n");
  const CliRun run =
      run_cli({"lint", migration_.string(), "--stats", stats_path_.string()}, dir_.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("small_rows (10000000) is above large_rows (1000000"), std::string::npos)
      << run.err;
}

TEST_F(LintStatsTest, BadConfigValuesAreInputErrors) {
  dir_.write(".pgdrydock.toml", "[stats]\nsmall_rows = \"many\"\n");
  CliRun run = run_cli({"lint", migration_.string()}, dir_.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(".pgdrydock.toml:2:"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("stats.small_rows must be a non-negative row count"), std::string::npos);

  dir_.write(".pgdrydock.toml", "[stats]\nsmall_rows = 50\nlarge_rows = 5\n");
  run = run_cli({"lint", migration_.string()}, dir_.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("small_rows must not be above stats.large_rows"), std::string::npos)
      << run.err;

  dir_.write(".pgdrydock.toml", "[stats]\nsize = 5\n");
  run = run_cli({"lint", migration_.string()}, dir_.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("unknown key stats.size"), std::string::npos) << run.err;
}

TEST_F(LintStatsTest, BrokenStatisticsFileExitsTwoNamingFileAndLine) {
  const auto broken =
      dir_.write("broken.json", "{\n  \"format_version\": 1,\n  \"tables\": [\n"
                                "    {\"schema\": \"public\" \"name\": \"x\"}\n]}\n");
  CliRun run = run_cli({"lint", migration_.string(), "--stats", broken.string()}, dir_.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err.rfind(broken.string() + ":4:", 0), 0u) << run.err;
  EXPECT_NE(run.err.find("not valid JSON"), std::string::npos) << run.err;

  const auto old = dir_.write("old.json", "{\n  \"format_version\": 99,\n  \"tables\": []\n}\n");
  run = run_cli({"lint", migration_.string(), "--stats", old.string()}, dir_.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err.rfind(old.string() + ":2:", 0), 0u) << run.err;
  EXPECT_NE(run.err.find("unsupported version 99"), std::string::npos) << run.err;

  run = run_cli({"lint", migration_.string(), "--stats", (dir_.path() / "none.json").string()},
                dir_.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("none.json"), std::string::npos) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
}

} // namespace
} // namespace pgdrydock
