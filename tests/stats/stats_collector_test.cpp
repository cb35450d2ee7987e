// `pgdrydock stats` against a real PostgreSQL: known data is loaded and analysed, and every
// number collected is checked against what was loaded (ANALYZE reads every row of a table this
// small, so the statistics are exact). The file must never carry row values.
#include "simulate/sandbox/pg_client.h"
#include "simulate/stats_collector.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "stats_test_support.h"

namespace pgdrydock {
namespace {

using namespace stats_test;

constexpr const char* kSchema = R"SQL(
CREATE SCHEMA other;
CREATE TABLE items (
  id bigint PRIMARY KEY,
  category text NOT NULL,
  maybe integer,
  code varchar(40),
  secret text
);
CREATE INDEX items_category_idx ON items (category);
CREATE UNIQUE INDEX items_code_key ON items (code) WHERE code IS NOT NULL;
INSERT INTO items
SELECT i, 'cat' || (i % 10), CASE WHEN i % 4 = 0 THEN NULL ELSE i END, lpad(i::text, 20, '0'),
       'secret-value-7f3a'
FROM generate_series(1, 10000) i;
CREATE TABLE other.tiny (x int);
INSERT INTO other.tiny VALUES (1), (2), (3);
CREATE TABLE never_analysed (y int);
CREATE TABLE events (at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
INSERT INTO events SELECT date '2025-01-01' + i, CASE WHEN i % 2 = 0 THEN 'a' END
FROM generate_series(0, 599) i;
ANALYZE events;
ANALYZE items;
ANALYZE other.tiny;
)SQL";

class StatsCollectorTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() { database_ = create_database_with("stats", kSchema); }
  static std::string conninfo() { return shared_sandbox().conninfo(database_); }
  static std::string database_;
};
std::string StatsCollectorTest::database_;

TEST_F(StatsCollectorTest, NumbersMatchWhatWasLoaded) {
  const StatsFile stats = collect_table_stats(conninfo()).value();
  EXPECT_EQ(stats.server_version.substr(0, 2), shared_sandbox().server_version().substr(0, 2));
  EXPECT_EQ(stats.collected_at.size(), 20u); // 2026-11-21T19:00:00Z
  ASSERT_EQ(stats.tables.size(), 6u);
  const TableStats* items = stats.find("public", "items");
  ASSERT_NE(items, nullptr);
  EXPECT_EQ(items->reltuples, 10000);
  EXPECT_EQ(items->rows(), 10000);
  EXPECT_GT(items->relpages, 0);

  PgClient client(conninfo());
  pqxx::read_transaction tx(client.connection());
  const auto sizes = tx.exec1("SELECT pg_total_relation_size('items'), pg_table_size('items'), "
                              "pg_indexes_size('items'), relpages FROM pg_class "
                              "WHERE oid = 'items'::regclass");
  EXPECT_EQ(items->total_bytes, sizes[0].as<std::int64_t>());
  EXPECT_EQ(items->table_bytes, sizes[1].as<std::int64_t>());
  EXPECT_EQ(items->index_bytes, sizes[2].as<std::int64_t>());
  EXPECT_EQ(items->relpages, sizes[3].as<std::int64_t>());
  EXPECT_EQ(items->total_bytes, items->table_bytes + items->index_bytes);

  ASSERT_EQ(items->columns.size(), 5u);
  const ColumnStats* id = items->column("id");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->type, "bigint");
  EXPECT_TRUE(id->has_statistics);
  EXPECT_EQ(id->n_distinct, -1); // unique: all rows distinct
  EXPECT_EQ(id->null_frac, 0);
  EXPECT_NEAR(id->correlation, 1, 1e-9); // loaded in id order
  EXPECT_EQ(items->column("category")->n_distinct, 10);
  EXPECT_EQ(items->column("maybe")->null_frac, 0.25);
  EXPECT_EQ(items->column("maybe")->n_distinct, -0.75); // 7500 distinct values in 10000 rows
  EXPECT_EQ(items->column("code")->type, "character varying(40)");
  EXPECT_EQ(items->column("code")->avg_width, 21); // 20 characters + 1-byte header
  EXPECT_EQ(items->column("secret")->n_distinct, 1);

  ASSERT_EQ(items->indexes.size(), 3u);
  EXPECT_EQ(items->indexes[0].name, "items_category_idx");
  EXPECT_EQ(items->indexes[0].definition,
            "CREATE INDEX items_category_idx ON public.items USING btree (category)");
  EXPECT_EQ(items->indexes[1].definition,
            "CREATE UNIQUE INDEX items_code_key ON public.items USING btree (code) "
            "WHERE (code IS NOT NULL)");
  EXPECT_EQ(items->indexes[2].name, "items_pkey");
  EXPECT_EQ(items->indexes[2].bytes,
            tx.exec1("SELECT pg_relation_size('items_pkey')")[0].as<std::int64_t>());

  // A partitioned table: its partitions' rows and bytes, its inherited column statistics.
  const TableStats* events = stats.find("events");
  ASSERT_NE(events, nullptr);
  EXPECT_EQ(events->reltuples, 600);
  EXPECT_EQ(events->reltuples,
            stats.find("events_2025")->reltuples + stats.find("events_2026")->reltuples);
  EXPECT_EQ(events->total_bytes,
            stats.find("events_2025")->total_bytes + stats.find("events_2026")->total_bytes);
  EXPECT_GT(events->total_bytes, 0);
  ASSERT_TRUE(events->column("kind")->has_statistics);
  EXPECT_EQ(events->column("kind")->null_frac, 0.5);

  const TableStats* tiny = stats.find("other.tiny");
  ASSERT_NE(tiny, nullptr);
  EXPECT_EQ(tiny->reltuples, 3);
  // Never analysed: PostgreSQL 14+ says -1, and the columns have no statistics.
  const TableStats* unknown = stats.find("never_analysed");
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(unknown->reltuples, -1);
  EXPECT_FALSE(unknown->column("y")->has_statistics);
}

TEST_F(StatsCollectorTest, TheFileHoldsNoRowValues) {
  std::string text = stats_file_to_json(collect_table_stats(conninfo()).value());
  // The note names the arrays that are left out; everything else must not mention them.
  const std::string note = nlohmann::json::parse(text)["note"].get<std::string>();
  ASSERT_NE(note.find("No row values"), std::string::npos);
  text.erase(text.find(note), note.size());
  // Values every row of the table holds (they would head most_common_vals).
  EXPECT_EQ(text.find("secret-value"), std::string::npos);
  EXPECT_EQ(text.find("cat3"), std::string::npos);
  EXPECT_EQ(text.find("00000000000000000042"), std::string::npos);
  EXPECT_EQ(text.find("most_common"), std::string::npos);
  EXPECT_EQ(text.find("histogram"), std::string::npos);
  const auto json = nlohmann::json::parse(text);
  for (const auto& table : json["tables"])
    for (const auto& column : table["columns"])
      for (const auto& [key, value] : column.items())
        EXPECT_TRUE(key == "name" || key == "type" || value.is_number() || value.is_boolean())
            << key;
}

TEST_F(StatsCollectorTest, SchemaFilter) {
  const StatsFile stats = collect_table_stats(conninfo(), {"other"}).value();
  ASSERT_EQ(stats.tables.size(), 1u);
  EXPECT_EQ(stats.tables[0].schema, "other");
  EXPECT_EQ(stats.tables[0].name, "tiny");
}

TEST_F(StatsCollectorTest, CommandWritesTheFileAtomically) {
  ScratchDir dir;
  const auto output = dir.path() / "prod-stats.json";
  dir.write("prod-stats.json", "previous content");
  const CliRun run = run_cli({"stats", "--dsn", conninfo(), "--output", output.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "");
  EXPECT_NE(run.err.find("6 tables written"), std::string::npos) << run.err;
  const StatsFile loaded = value_or_throw(load_stats_file(output.string()));
  ASSERT_NE(loaded.find("items"), nullptr);
  EXPECT_EQ(loaded.find("items")->column("maybe")->null_frac, 0.25);
  // Only the target is left: the temporary file was renamed over it.
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path()))
    ++files;
  EXPECT_EQ(files, 1);

  // Standard output by default, with --schema repeatable.
  const CliRun to_stdout =
      run_cli({"stats", "--dsn", conninfo(), "--schema", "other", "--schema", "public"});
  ASSERT_EQ(to_stdout.exit_code, 0) << to_stdout.err;
  EXPECT_EQ(nlohmann::json::parse(to_stdout.out)["tables"].size(), 6u);
}

TEST_F(StatsCollectorTest, HelpSaysNoRowValues) {
  const CliRun help = run_cli({"stats", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("never row values"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("most_common_vals"), std::string::npos) << help.out;
}

TEST(StatsCommandTest, UnreachableServerExitsTwoWithoutThePassword) {
  ScratchDir dir;
  const CliRun run =
      run_cli({"stats", "--dsn",
               "host=" + dir.path().string() + " port=1 user=reader password=hunter2 dbname=prod",
               "--output", (dir.path() / "out.json").string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("pgdrydock: stats: cannot connect"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("hunter2"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "out.json"));
}

} // namespace
} // namespace pgdrydock
