// The seeder with production statistics: relative table sizes, and per column the null
// fraction, the number of distinct values and the text width, checked the way production would
// see them: seed, ANALYZE, read pg_stats.

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "lint/table_stats.h"
#include "simulate/sandbox/pg_client.h"
#include "simulate/seed/seeder.h"
#include "stats_test_support.h"

namespace pgdrydock {
namespace {

using namespace stats_test;

constexpr const char* kSchema = R"SQL(
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, email text UNIQUE);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint REFERENCES customers (id),
  status text NOT NULL,
  note text,
  amount integer,
  code varchar(12)
);
CREATE TABLE not_in_stats (x int);
CREATE TABLE documents (id bigint PRIMARY KEY, body jsonb, raw json, blob bytea, small jsonb);
CREATE TABLE events (
  id bigint PRIMARY KEY,
  seq bigint NOT NULL UNIQUE,
  half bigint NOT NULL,
  kind integer NOT NULL,
  day date NOT NULL
);
)SQL";

ColumnStats column(const std::string& name, double null_frac, double avg_width, double n_distinct) {
  return ColumnStats{name, "", null_frac, avg_width, n_distinct, 0, true};
}

StatsFile production() {
  StatsFile stats;
  TableStats customers;
  customers.schema = "public";
  customers.name = "customers";
  customers.reltuples = 10'000;
  customers.columns = {column("id", 0, 8, -1), column("name", 0, 20, -1),
                       column("email", 0.2, 31, -0.8)};
  TableStats orders;
  orders.schema = "public";
  orders.name = "orders";
  orders.reltuples = 1'000'000;
  orders.columns = {
      column("id", 0, 8, -1),        column("customer_id", 0.1, 8, 50),
      column("status", 0, 7, 5),     column("note", 0.3, 41, -0.5),
      column("amount", 0, 4, -0.25), column("code", 0.5, 300, -1)}; // wider than varchar(12) allows
  TableStats documents;
  documents.schema = "public";
  documents.name = "documents";
  documents.reltuples = 100'000;
  documents.columns = {column("id", 0, 8, -1), column("body", 0, 300, -1),
                       column("raw", 0, 120, -1), column("blob", 0.1, 500, -1),
                       column("small", 0, 60, -1)};
  TableStats events;
  events.schema = "public";
  events.name = "events";
  events.reltuples = 1'000'000;
  auto correlated = [](const std::string& name, double n_distinct, double correlation) {
    return ColumnStats{name, "", 0, 8, n_distinct, correlation, true};
  };
  events.columns = {correlated("id", -1, 1), correlated("seq", -1, 0), correlated("half", -1, 0.5),
                    correlated("kind", 40, 0.95), correlated("day", -0.05, -1)};
  stats.tables = {customers, orders, documents, events};
  return stats;
}

struct Observed {
  double null_frac = 0;
  double avg_width = 0;
  double n_distinct = 0;
  double correlation = 0;
};

class SeederShapeTest : public ::testing::Test {
protected:
  void SetUp() override { database_ = create_database_with("shape", kSchema); }
  void TearDown() override { shared_sandbox().drop_database(database_); }
  std::string conninfo() const { return shared_sandbox().conninfo(database_); }

  Observed observed(const std::string& table, const std::string& column) {
    PgClient client(conninfo());
    pqxx::read_transaction tx(client.connection());
    const auto row = tx.exec1("SELECT null_frac, avg_width, n_distinct, correlation FROM pg_stats "
                              "WHERE schemaname = 'public' AND tablename = " +
                              tx.quote(table) + " AND attname = " + tx.quote(column));
    return {row[0].as<double>(), row[1].as<double>(), row[2].as<double>(),
            row[3].is_null() ? 0 : row[3].as<double>()};
  }
  // Seeds every table from production(), the largest at `rows` rows; ANALYZE included.
  bool seed_like_production(long long rows) {
    const StatsFile stats = production();
    SeedPlan plan;
    plan.default_rows = rows;
    plan.stats = &stats;
    return seed_database(conninfo(), plan).ok();
  }
  long long count(const std::string& sql) {
    PgClient client(conninfo());
    pqxx::read_transaction tx(client.connection());
    return tx.exec1(sql)[0].as<long long>();
  }

  std::string database_;
};

TEST_F(SeederShapeTest, ReproducesProductionShape) {
  const StatsFile stats = production();
  SeedPlan plan;
  plan.default_rows = 20'000;
  plan.stats = &stats;
  EXPECT_EQ(plan.rows_for("public", "orders"), 20'000);
  EXPECT_EQ(plan.rows_for("public", "customers"), 200); // 1 % of the largest, as in production
  EXPECT_EQ(plan.rows_for("public", "not_in_stats"), 20'000);
  plan.rows_per_table["customers"] = 300; // an explicit count still wins
  EXPECT_EQ(plan.rows_for("public", "customers"), 300);
  plan.rows_per_table.clear();

  const SeedReport report = seed_database(conninfo(), plan); // ANALYZE included
  for (const auto& t : report.tables)
    EXPECT_EQ(t.error, "") << t.table;
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(count("SELECT count(*) FROM orders"), 20'000);
  EXPECT_EQ(count("SELECT count(*) FROM customers"), 200);

  // ANALYZE samples 30 000 rows: these tables are read whole, so pg_stats is exact here.
  const Observed note = observed("orders", "note");
  EXPECT_NEAR(note.null_frac, 0.3, 0.02);
  EXPECT_NEAR(note.avg_width, 41, 2);
  EXPECT_NEAR(note.n_distinct, -0.5, 0.015); // 10 000 distinct values in 20 000 rows

  const Observed status = observed("orders", "status");
  EXPECT_EQ(status.null_frac, 0);
  EXPECT_EQ(status.n_distinct, 5); // a count stays a count

  const Observed amount = observed("orders", "amount");
  EXPECT_EQ(amount.null_frac, 0);
  EXPECT_NEAR(amount.n_distinct, -0.25, 0.001); // a fraction scales with the rows

  const Observed customer = observed("orders", "customer_id");
  EXPECT_NEAR(customer.null_frac, 0.1, 0.015);
  EXPECT_EQ(customer.n_distinct, 50);

  // The width is capped by the type; the null fraction still applies.
  const Observed code = observed("orders", "code");
  EXPECT_NEAR(code.null_frac, 0.5, 0.02);
  EXPECT_LE(code.avg_width, 13);
  EXPECT_EQ(count("SELECT count(*) FROM orders WHERE length(code) > 12"), 0);

  // A UNIQUE text column gets the width, but stays NULL-free and all distinct.
  const Observed email = observed("customers", "email");
  EXPECT_NEAR(email.avg_width, 31, 2);
  EXPECT_EQ(email.null_frac, 0);
  EXPECT_EQ(email.n_distinct, -1);

  // Primary keys stay unique and NOT NULL whatever the statistics say.
  EXPECT_EQ(count("SELECT count(DISTINCT id) FROM orders"), 20'000);
}

// json, jsonb and bytea get production's width too (jsonb measured in its binary form).
TEST_F(SeederShapeTest, ReproducesTheWidthOfDocumentsAndBytes) {
  ASSERT_TRUE(seed_like_production(20'000));
  ASSERT_EQ(count("SELECT count(*) FROM documents"), 2'000);
  for (const auto& [column, width] : std::vector<std::pair<std::string, double>>{
           {"body", 300}, {"raw", 120}, {"blob", 500}, {"small", 60}}) {
    EXPECT_NEAR(observed("documents", column).avg_width, width, width * 0.05) << column;
  }
  // Every value distinct, as the statistics say (json has no equality: counted as text).
  EXPECT_EQ(observed("documents", "body").n_distinct, -1);
  EXPECT_EQ(count("SELECT count(DISTINCT raw::text) FROM documents"), 2'000);
  EXPECT_EQ(count("SELECT count(DISTINCT blob) - count(blob) FROM documents"), 0);
  EXPECT_NEAR(observed("documents", "blob").null_frac, 0.1, 0.02);
  EXPECT_EQ(count("SELECT count(*) FROM documents WHERE (body->>'n') IS NULL"), 0);
}

// The physical order follows pg_stats.correlation: what an index build on the column sorts.
TEST_F(SeederShapeTest, ReproducesTheCorrelationOfValuesWithThePhysicalOrder) {
  ASSERT_TRUE(seed_like_production(20'000));
  ASSERT_EQ(count("SELECT count(*) FROM events"), 20'000);
  EXPECT_NEAR(observed("events", "id").correlation, 1, 0.01);
  EXPECT_NEAR(observed("events", "seq").correlation, 0, 0.1);
  EXPECT_NEAR(observed("events", "half").correlation, 0.5, 0.1);
  EXPECT_NEAR(observed("events", "kind").correlation, 0.95, 0.05);
  EXPECT_NEAR(observed("events", "day").correlation, -1, 0.05);
  // Shuffled, still what the statistics and constraints ask for.
  EXPECT_EQ(count("SELECT count(DISTINCT seq) FROM events"), 20'000);
  EXPECT_EQ(count("SELECT count(DISTINCT kind) FROM events"), 40);
  EXPECT_EQ(count("SELECT count(DISTINCT day) FROM events"), 1'000);
  EXPECT_EQ(count("SELECT count(DISTINCT half) FROM events"), 20'000);
}

TEST_F(SeederShapeTest, WithoutStatisticsNullableColumnsAreFilled) {
  SeedPlan plan;
  plan.default_rows = 2'000;
  ASSERT_TRUE(seed_database(conninfo(), plan).ok());
  EXPECT_EQ(count("SELECT count(*) FROM orders WHERE note IS NULL"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM customers"), 2'000);
}

} // namespace
} // namespace pgdrydock
