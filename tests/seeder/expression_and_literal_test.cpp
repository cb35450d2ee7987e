// Two gaps crates.io showed (issue 13): a UNIQUE index on an expression of a column
// (lower(name), or a function normalising it) left the column's values unconstrained, so
// generated names collided after the expression and the table stayed empty; and a column of a
// type the generator has no recipe for emptied its table even when the type's input function
// accepts a simple literal.
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "simulate/sandbox/pg_client.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/seed/seeder.h"

namespace pgdrydock {
namespace {

class SeedSchema : public ::testing::Test {
protected:
  static void SetUpTestSuite() { sandbox_ = Sandbox::start(SandboxOptions{}); }
  static void TearDownTestSuite() {
    sandbox_->stop();
    sandbox_.reset();
  }

  // A fresh database holding `schema`, seeded with `rows` rows per table.
  SeedReport seed(const std::string& schema, long long rows) {
    db_ = sandbox_->fresh_database_name("seed");
    sandbox_->create_database(db_, "template0");
    PgClient(sandbox_->conninfo(db_)).exec(schema);
    SeedPlan plan;
    plan.default_rows = rows;
    return seed_database(sandbox_->conninfo(db_), plan);
  }
  long long count(const std::string& query) {
    return PgClient(sandbox_->conninfo(db_)).exec(query)[0][0].as<long long>();
  }
  void TearDown() override {
    if (!db_.empty())
      sandbox_->drop_database(db_);
  }

  static std::unique_ptr<Sandbox> sandbox_;
  std::string db_;
};

std::unique_ptr<Sandbox> SeedSchema::sandbox_;

const TableSeedResult& result_of(const SeedReport& report, const std::string& table) {
  for (const auto& t : report.tables)
    if (t.table == table)
      return t;
  throw std::runtime_error("no seed result for " + table);
}

TEST_F(SeedSchema, UniqueIndexOnAnExpressionGetsValuesDistinctAfterIt) {
  // The shape of crates.io's index_crates_name, on a column that is not otherwise unique, and
  // an index mixing a plain key with an expression.
  const SeedReport report = seed(R"SQL(
CREATE FUNCTION canon_name(text) RETURNS text AS $$ SELECT replace(lower($1), '-', '_') $$
  LANGUAGE sql IMMUTABLE;
CREATE TABLE crates (id serial PRIMARY KEY, name varchar NOT NULL, owner int NOT NULL,
                     title text NOT NULL);
CREATE UNIQUE INDEX crates_canon ON crates (canon_name(name));
CREATE UNIQUE INDEX crates_owner_title ON crates (owner, lower(title));
)SQL",
                                 2000);
  const TableSeedResult& crates = result_of(report, "public.crates");
  EXPECT_TRUE(crates.ok()) << crates.error;
  EXPECT_EQ(crates.rows, 2000);
  EXPECT_EQ(count("SELECT count(DISTINCT canon_name(name)) FROM crates"), 2000);
}

TEST_F(SeedSchema, TypeWithoutGeneratorGetsALiteralItsInputFunctionAccepts) {
  const SeedReport report = seed(R"SQL(
CREATE TYPE pair AS (a int, b text);
CREATE TABLE shapes (id int PRIMARY KEY, at point NOT NULL, spots point[] NOT NULL,
                     query tsquery NOT NULL, p pair NOT NULL, flags bit(3) NOT NULL);
)SQL",
                                 500);
  const TableSeedResult& shapes = result_of(report, "public.shapes");
  EXPECT_TRUE(shapes.ok()) << shapes.error;
  EXPECT_EQ(shapes.rows, 500);
  EXPECT_EQ(count("SELECT count(*) FROM shapes WHERE at IS NOT NULL AND cardinality(spots) > 0 "
                  "AND p IS NOT DISTINCT FROM p AND length(flags) = 3"),
            500);
}

TEST_F(SeedSchema, UniqueColumnOfATypeWithOnlyOneLiteralIsReportedWithItsReason) {
  const SeedReport report = seed(R"SQL(
CREATE TABLE spots (id int PRIMARY KEY, at point NOT NULL);
CREATE UNIQUE INDEX spots_at ON spots ((at[0]), (at[1]));
CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL);
)SQL",
                                 100);
  const TableSeedResult& spots = result_of(report, "public.spots");
  EXPECT_FALSE(spots.ok());
  EXPECT_EQ(spots.rows, 0);
  EXPECT_NE(spots.error.find("spots_at"), std::string::npos) << spots.error;
  EXPECT_NE(spots.error.find("column at"), std::string::npos) << spots.error;
  EXPECT_EQ(result_of(report, "public.notes").rows, 100); // the other table is still filled
}

} // namespace
} // namespace pgdrydock
