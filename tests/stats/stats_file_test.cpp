// The statistics file contract (lint/table_stats.h): writing and reading it back, looking
// tables up, the size phrase, and errors that name the file and line.
#include "lint/table_stats.h"

#include <limits>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lint/support/error.h"
#include "stats_test_support.h"

namespace pgdrydock {
namespace {

using stats_test::ScratchDir;

StatsFile sample_stats() {
  StatsFile stats;
  stats.server_version = "15.8";
  stats.collected_at = "2026-11-21T10:00:00Z";
  TableStats orders;
  orders.schema = "public";
  orders.name = "orders";
  orders.reltuples = 41.2e6;
  orders.relpages = 2'000'000;
  orders.total_bytes = 18LL * 1024 * 1024 * 1024;
  orders.table_bytes = 12LL * 1024 * 1024 * 1024;
  orders.index_bytes = 6LL * 1024 * 1024 * 1024;
  orders.columns.push_back({"id", "bigint", 0, 8, -1, 0.99, true});
  orders.columns.push_back({"note", "text", 0.4, 35, -0.2, 0.01, true});
  orders.indexes.push_back({"orders_pkey",
                            "CREATE UNIQUE INDEX orders_pkey ON public.orders USING btree (id)",
                            1 << 30});
  stats.tables.push_back(orders);
  TableStats audit = orders;
  audit.schema = "audit";
  audit.name = "Events";
  audit.reltuples = 2000;
  audit.total_bytes = 400 * 1024;
  stats.tables.push_back(audit);
  TableStats dup = orders;
  dup.schema = "a";
  dup.name = "twice";
  stats.tables.push_back(dup);
  dup.schema = "b";
  stats.tables.push_back(dup);
  return stats;
}

Error load_error(const std::string& text) {
  ScratchDir dir;
  const auto path = dir.write("prod-stats.json", text);
  try {
    value_or_throw(load_stats_file(path.string()));
  } catch (const ErrorException& e) {
    EXPECT_EQ(e.error().file, path.string());
    return e.error();
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return {};
}

TEST(StatsFileTest, WrittenFileReadsBackTheSameNumbers) {
  ScratchDir dir;
  const StatsFile original = sample_stats();
  const std::string text = stats_file_to_json(original);
  const auto path = dir.write("prod-stats.json", text);
  const StatsFile loaded = value_or_throw(load_stats_file(path.string()));
  EXPECT_EQ(loaded.source_path, path.string());
  EXPECT_EQ(loaded.server_version, "15.8");
  EXPECT_EQ(loaded.collected_at, "2026-11-21T10:00:00Z");
  ASSERT_EQ(loaded.tables.size(), 4u);
  const TableStats& orders = loaded.tables[0];
  EXPECT_EQ(orders.name, "orders");
  EXPECT_DOUBLE_EQ(orders.reltuples, 41.2e6);
  EXPECT_EQ(orders.relpages, 2'000'000);
  EXPECT_EQ(orders.total_bytes, 18LL * 1024 * 1024 * 1024);
  EXPECT_EQ(orders.index_bytes, 6LL * 1024 * 1024 * 1024);
  ASSERT_EQ(orders.columns.size(), 2u);
  EXPECT_EQ(orders.columns[1].type, "text");
  EXPECT_DOUBLE_EQ(orders.columns[1].null_frac, 0.4);
  EXPECT_DOUBLE_EQ(orders.columns[1].n_distinct, -0.2);
  EXPECT_DOUBLE_EQ(orders.columns[0].correlation, 0.99);
  ASSERT_EQ(orders.indexes.size(), 1u);
  EXPECT_EQ(orders.indexes[0].definition,
            "CREATE UNIQUE INDEX orders_pkey ON public.orders USING btree (id)");

  // Versioned, says it holds no row values, and has no key that could carry them.
  const auto json = nlohmann::json::parse(text);
  EXPECT_EQ(json["format_version"], StatsFile::kFormatVersion);
  EXPECT_NE(json["note"].get<std::string>().find("No row values"), std::string::npos);
  EXPECT_EQ(text.find("most_common_vals\":"), std::string::npos);
  EXPECT_EQ(text.find("histogram_bounds\":"), std::string::npos);
}

TEST(StatsFileTest, FindFoldsBareNamesAndPrefersPublic) {
  const StatsFile stats = sample_stats();
  EXPECT_EQ(stats.find("orders"), &stats.tables[0]);
  EXPECT_EQ(stats.find("ORDERS"), &stats.tables[0]);
  EXPECT_EQ(stats.find("public.orders"), &stats.tables[0]);
  EXPECT_EQ(stats.find("audit.\"Events\""), &stats.tables[1]);
  EXPECT_EQ(stats.find("audit.events"), nullptr);        // unquoted folds to lower case
  EXPECT_EQ(stats.find("\"Events\""), &stats.tables[1]); // unique outside public
  EXPECT_EQ(stats.find("twice"), nullptr);               // ambiguous: a.twice and b.twice
  EXPECT_EQ(stats.find("b.twice"), &stats.tables[3]);
  EXPECT_EQ(stats.find("public", "orders"), &stats.tables[0]);
  EXPECT_EQ(stats.find("missing"), nullptr);
  EXPECT_EQ(stats.tables[0].column("note"), &stats.tables[0].columns[1]);
  EXPECT_EQ(stats.tables[0].column("nope"), nullptr);
}

TEST(StatsFileTest, SizePhrase) {
  TableStats t;
  t.reltuples = 41.2e6;
  t.total_bytes = 18LL * 1024 * 1024 * 1024;
  EXPECT_EQ(describe_table_size(t), "41.2 M rows, 18 GB");
  t.reltuples = 2000;
  t.total_bytes = 400 * 1024;
  EXPECT_EQ(describe_table_size(t), "2 k rows, 400 kB");
  t.reltuples = 1;
  t.total_bytes = 8192;
  EXPECT_EQ(describe_table_size(t), "1 row, 8 kB");
  t.reltuples = 120e6;
  t.total_bytes = 1536LL * 1024 * 1024;
  EXPECT_EQ(describe_table_size(t), "120 M rows, 1.5 GB");
  t.reltuples = 3.4e9;
  EXPECT_EQ(describe_table_size(t), "3.4 billion rows, 1.5 GB");
  // Never analysed (PostgreSQL 14+: -1): estimated from pages and column widths.
  t.reltuples = -1;
  t.relpages = 100;
  t.columns = {{"id", "bigint", 0, 8, 0, 0, false}, {"v", "text", 0, 20, 0, 0, false}};
  EXPECT_DOUBLE_EQ(t.rows(), std::floor(100 * 8168.0 / (28 + 8 + 20)));
  EXPECT_EQ(describe_table_size(t).substr(0, 1), "~");
}

TEST(StatsFileTest, BadJsonNamesFileAndLine) {
  const Error e = load_error("{\n  \"format_version\": 1,\n  \"tables\": [\n    {,\n  ]\n}\n");
  EXPECT_EQ(e.line, 4);
  EXPECT_NE(e.message.find("not valid JSON"), std::string::npos) << e.message;
}

TEST(StatsFileTest, WrongVersionNamesItsLine) {
  const Error e = load_error("{\n  \"note\": \"x\",\n  \"format_version\": 7,\n"
                             "  \"tables\": []\n}\n");
  EXPECT_EQ(e.line, 3);
  EXPECT_NE(e.message.find("unsupported version 7"), std::string::npos) << e.message;
  EXPECT_NE(load_error("{\"tables\": []}").message.find("format_version: missing"),
            std::string::npos);
}

TEST(StatsFileTest, StructuralMistakesNameThePathAndLine) {
  const std::string text = stats_file_to_json(sample_stats());
  // A string where a number belongs, deep inside the second table.
  std::string broken = text;
  const auto second = broken.find("\"Events\"");
  const auto key = broken.find("\"null_frac\": 0.4", second);
  ASSERT_NE(key, std::string::npos);
  broken.replace(key, 16, "\"null_frac\": \"lots\"");
  const int expected_line =
      1 +
      static_cast<int>(std::count(broken.begin(), broken.begin() + static_cast<long>(key), '\n'));
  Error e = load_error(broken);
  EXPECT_EQ(e.line, expected_line);
  EXPECT_NE(e.message.find("tables[1].columns[1].null_frac: must be a number"), std::string::npos)
      << e.message;

  e = load_error("{\"format_version\": 1, \"tables\": [{\"schema\": \"public\"}]}");
  EXPECT_NE(e.message.find("tables[0].name: missing"), std::string::npos) << e.message;
  EXPECT_EQ(e.line, 1);
}

TEST(StatsFileTest, MistakeLinesFollowArrayElementsAndEscapedKeys) {
  // A missing key points at the object lacking it: the second element of the list, line 5.
  Error e =
      load_error("{\n  \"format_version\": 1,\n  \"tables\": [\n"
                 "    {\"schema\": \"public\", \"name\": \"a\", \"reltuples\": 1, \"relpages\": 1,"
                 " \"total_bytes\": 1, \"table_bytes\": 1, \"index_bytes\": 1, \"columns\": []},\n"
                 "    {\"schema\": \"public\",\n     \"reltuples\": 1}\n  ]\n}\n");
  EXPECT_NE(e.message.find("tables[1].name: missing"), std::string::npos) << e.message;
  EXPECT_EQ(e.line, 5);
  // A key written with an escape is found by its meaning (work\u005fmem is work_mem).
  e = load_error(
      "{\n  \"format_version\": 1,\n  \"settings\": {\n    \"shared_buffers\": \"1GB\",\n"
      "    \"work\\u005fmem\": 4\n  },\n  \"tables\": []\n}\n");
  EXPECT_NE(e.message.find("settings.work_mem: must be a string"), std::string::npos) << e.message;
  EXPECT_EQ(e.line, 5);
}

// A table whose `key` holds `value` as written, every other field valid.
std::string table_with(const std::string& key, const std::string& value) {
  std::string fields = "\"schema\": \"public\", \"name\": \"a\", \"reltuples\": 1, "
                       "\"relpages\": 1, \"total_bytes\": 1, \"table_bytes\": 1, "
                       "\"index_bytes\": 1, \"columns\": []";
  const std::string quoted_key = "\"" + key + "\": ";
  const auto at = fields.find(quoted_key);
  const auto end = fields.find(',', at);
  fields.replace(at, end - at, quoted_key + value);
  return "{\n  \"format_version\": 1,\n  \"tables\": [\n    {" + fields + "}\n  ]\n}\n";
}

TEST(StatsFileTest, NumberTooLargeForADoubleNamesKeyValueAndLine) {
  const Error e = load_error(table_with("reltuples", "1e400"));
  EXPECT_NE(e.message.find("reltuples"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("1e400"), std::string::npos) << e.message;
  EXPECT_EQ(e.message.find("json.exception"), std::string::npos) << e.message;
  EXPECT_EQ(e.line, 4);
}

TEST(StatsFileTest, NegativeOrOverflowingSizesNameKeyAndValue) {
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, std::string>>{{"total_bytes", "-5"},
                                                        {"table_bytes", "9223372036854775808"},
                                                        {"index_bytes", "18446744073709551615"},
                                                        {"relpages", "1e300"},
                                                        {"total_bytes", "2.5"}}) {
    const Error e = load_error(table_with(key, value));
    EXPECT_NE(e.message.find("tables[0]." + key +
                             ": must be a whole number from 0 to "
                             "9223372036854775807, not "),
              std::string::npos)
        << e.message;
    // The value as the reader understood it (nlohmann prints 1e300 as 1e+300).
    EXPECT_NE(e.message.find(value.substr(0, 2)), std::string::npos) << e.message;
    EXPECT_EQ(e.line, 4);
  }
}

TEST(StatsFileTest, LargestSizeStillReads) {
  ScratchDir dir;
  const auto path = dir.write("big.json", table_with("total_bytes", "9223372036854775807"));
  EXPECT_EQ(value_or_throw(load_stats_file(path.string())).tables.at(0).total_bytes,
            std::numeric_limits<std::int64_t>::max());
}

TEST(StatsFileTest, UnreadableFileIsAnInputError) {
  try {
    value_or_throw(load_stats_file("/nonexistent/prod-stats.json"));
    FAIL() << "no error";
  } catch (const ErrorException& e) {
    EXPECT_EQ(e.error().file, "/nonexistent/prod-stats.json");
  }
}

} // namespace
} // namespace pgdrydock
