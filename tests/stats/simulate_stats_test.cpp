// `pgdrydock simulate --stats`: the data each migration is replayed on is shaped like
// production (here: the relative table sizes, visible in the report's seed section), and the
// findings carry the production sizes like lint's.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lint/table_stats.h"
#include "stats_test_support.h"

namespace pgdrydock {
namespace {

using namespace stats_test;

TEST(SimulateStatsTest, SeedsRelativeSizesFromTheStatistics) {
  ScratchDir dir;
  dir.write("migrations/001_tables.sql",
            "CREATE TABLE customers (id bigint PRIMARY KEY, note text);\n"
            "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES "
            "customers (id), note text);\n");
  dir.write("migrations/002_index.sql", "CREATE INDEX orders_note_idx ON orders (note);\n");
  StatsFile stats;
  TableStats orders;
  orders.schema = "public";
  orders.name = "orders";
  orders.reltuples = 40e6;
  orders.total_bytes = 18LL << 30;
  orders.columns = {{"note", "text", 0.5, 21, -0.1, 0, true}};
  TableStats customers = orders;
  customers.name = "customers";
  customers.reltuples = 400e3;
  customers.total_bytes = 50LL << 20;
  stats.tables = {orders, customers};
  const auto stats_path = dir.write("prod-stats.json", stats_file_to_json(stats));

  const CliRun run =
      run_cli({"simulate", (dir.path() / "migrations").string(), "--stats", stats_path.string(),
               "--rows", "3000", "--format", "json", "--fail-on", "error"});
  ASSERT_TRUE(run.exit_code == 0 || run.exit_code == 1) << run.err;
  const auto report = nlohmann::json::parse(run.out);
  const nlohmann::json* seeded = nullptr;
  for (const auto& m : report["migrations"]) // the second one runs on seeded tables
    if (m["simulation"].contains("seed") &&
        m["simulation"]["seed"]["tables"].contains("public.orders"))
      seeded = &m["simulation"]["seed"]["tables"];
  ASSERT_NE(seeded, nullptr) << run.out;
  EXPECT_EQ((*seeded)["public.orders"], 3000);
  EXPECT_EQ((*seeded)["public.customers"], 30); // 1 % of the largest, as in production

  bool sized = false;
  for (const auto& m : report["migrations"])
    for (const auto& s : m["scripts"])
      for (const auto& st : s["statements"])
        for (const auto& f : st["findings"])
          if (f["rule"] == "require-concurrent-index-creation")
            sized = f["message"].get<std::string>().find("(orders: 40 M rows, 18 GB; error from "
                                                         "1 M rows)") != std::string::npos;
  EXPECT_TRUE(sized) << run.out;
}

} // namespace
} // namespace pgdrydock
