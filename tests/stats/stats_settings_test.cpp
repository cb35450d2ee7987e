// The memory/WAL settings `pgdrydock stats` adds to the statistics file (what a size sweep's
// scale model scales, simulate/estimate/scale_model.h): collected from a real server as SHOW prints
// them, written and read back, optional in older files, and rejected with file and line when
// malformed.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lint/support/error.h"
#include "lint/table_stats.h"
#include "simulate/sandbox/conninfo.h"
#include "simulate/stats_collector.h"
#include "stats_test_support.h"

namespace pgdrydock {
namespace {

using namespace stats_test;

TEST(StatsSettings, CollectedFromTheServerSession) {
  const std::string db = create_database_with("settings", "CREATE TABLE t (x int);");
  // Values no default has, so the test sees the session's settings and not constants.
  ConninfoParams params = parse_conninfo(shared_sandbox().conninfo(db));
  params["options"] = "-c work_mem=3MB -c maintenance_work_mem=7MB";
  const StatsFile stats = collect_table_stats(build_conninfo(params)).value();
  EXPECT_EQ(stats.settings.at("work_mem"), "3MB");
  EXPECT_EQ(stats.settings.at("maintenance_work_mem"), "7MB");
  EXPECT_FALSE(stats.settings.at("shared_buffers").empty());
  EXPECT_FALSE(stats.settings.at("max_wal_size").empty());
  EXPECT_EQ(stats.settings.size(), 4u);

  // Through the command: the JSON carries them beside the tables.
  const CliRun run = run_cli({"stats", "--dsn", build_conninfo(params)});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc["settings"]["work_mem"], "3MB");
  EXPECT_EQ(doc["format_version"], 1);
  EXPECT_TRUE(doc["tables"].is_array());
}

TEST(StatsSettings, WrittenFileReadsBackAndOldFilesHaveNone) {
  ScratchDir dir;
  StatsFile stats;
  stats.server_version = "15.8";
  stats.collected_at = "2026-11-21T10:00:00Z";
  stats.settings = {{"maintenance_work_mem", "1GB"}, {"work_mem", "16MB"}};
  const StatsFile back =
      value_or_throw(load_stats_file(dir.write("with.json", stats_file_to_json(stats)).string()));
  EXPECT_EQ(back.settings, stats.settings);

  const StatsFile old = value_or_throw(
      load_stats_file(dir.write("old.json", R"({"format_version": 1, "tables": []})").string()));
  EXPECT_TRUE(old.settings.empty());
  // Nothing written when there is nothing to say: older readers see the same document.
  EXPECT_EQ(stats_file_to_json(old).find("\"settings\""), std::string::npos);
}

TEST(StatsSettings, MalformedSettingsNameTheFileAndLine) {
  ScratchDir dir;
  const auto file = dir.write("bad.json", "{\n  \"format_version\": 1,\n  \"settings\": "
                                          "{\n    \"work_mem\": 4096\n  },\n  \"tables\": []\n}\n");
  try {
    value_or_throw(load_stats_file(file.string()));
    FAIL() << "accepted a number as a setting";
  } catch (const ErrorException& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("settings.work_mem: must be a string"), std::string::npos) << what;
    EXPECT_EQ(e.error().line, 4) << what;
  }
}

} // namespace
} // namespace pgdrydock
