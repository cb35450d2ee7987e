// Types that are not plain built-in scalars (issue 13): tsvector, ltree, hstore, citext, ranges,
// multiranges, arrays of them and domains over them, NOT NULL and UNIQUE so that NULL or a
// default cannot stand in. The server parses every value while loading: the row count proves
// each generated literal is valid input for its type.
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "simulate/sandbox/pg_client.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/seed/seeder.h"

namespace pgdrydock {
namespace {

constexpr const char* schema = R"SQL(
CREATE EXTENSION ltree;
CREATE EXTENSION hstore;
CREATE EXTENSION citext;
CREATE TYPE float_range AS RANGE (subtype = float8);
CREATE DOMAIN path AS ltree NOT NULL;
CREATE DOMAIN period AS tstzrange CHECK (NOT isempty(VALUE) OR VALUE = 'empty');
CREATE TABLE documents (
  id int PRIMARY KEY,
  body tsvector NOT NULL,
  bodies tsvector[] NOT NULL,
  place ltree NOT NULL UNIQUE,
  places ltree[] NOT NULL,
  place_domain path,
  attributes hstore NOT NULL,
  attribute_list hstore[] NOT NULL,
  slug citext NOT NULL UNIQUE,
  slugs citext[] NOT NULL,
  pages int4range NOT NULL UNIQUE,
  sizes int8range[] NOT NULL,
  prices numrange NOT NULL,
  valid daterange NOT NULL,
  stamps tsrange NOT NULL,
  period_domain period NOT NULL,
  weights float_range NOT NULL,
  page_sets int4multirange NOT NULL,
  date_sets datemultirange NOT NULL,
  EXCLUDE USING gist (valid WITH &&)
);
-- Its key reads back as "[0:1]={1,10}": the reader once parsed past the end of that text.
CREATE UNIQUE INDEX documents_pair ON documents (id, slug);
)SQL";

TEST(StructuredTypes, EveryColumnIsFilledWithValidValues) {
  std::unique_ptr<Sandbox> sandbox = Sandbox::start(SandboxOptions{});
  const std::string db = sandbox->fresh_database_name("types");
  sandbox->create_database(db, "template0");
  {
    PgClient client(sandbox->conninfo(db));
    client.exec(schema);
  }
  SeedPlan plan;
  plan.default_rows = 300;
  const SeedReport report = seed_database(sandbox->conninfo(db), plan);
  ASSERT_EQ(report.tables.size(), 1u);
  EXPECT_TRUE(report.tables[0].ok()) << report.tables[0].error;
  EXPECT_EQ(report.tables[0].rows, 300);
  PgClient client(sandbox->conninfo(db));
  const auto row = client.exec("SELECT count(*), count(DISTINCT place), count(DISTINCT pages), "
                               "min(array_length(bodies, 1)) FROM documents")[0];
  EXPECT_EQ(row[0].as<long long>(), 300);
  EXPECT_EQ(row[1].as<long long>(), 300);
  EXPECT_EQ(row[2].as<long long>(), 300);
  EXPECT_GE(row[3].as<long long>(), 1);
  sandbox->drop_database(db);
  sandbox->stop();
}

} // namespace
} // namespace pgdrydock
