// Shapes of schema that real histories have (crates.io) and that left tables empty: a trigger
// comparing names across two tables, a table a trigger of another table fills, a child of a
// table the server rejects; and topping up a database seeded at an earlier step. Real
// PostgreSQL through the sandbox: the server enforces every constraint and trigger.
#include <string>

#include <gtest/gtest.h>

#include "simulate/seed/seeder.h"
#include "tests/seeder/seeder_fixture.h"

namespace pgdrydock {
namespace {

class HistoryShapes : public SeederDatabaseTest {
protected:
  long long query_number(const std::string& sql) { return std::stoll(query_text(sql)); }
  // The table's result; a failure (and an empty result) when the report has none.
  static const TableSeedResult& result_of(const SeedReport& report, const std::string& table) {
    if (const TableSeedResult* found = result_for(report, table))
      return *found;
    ADD_FAILURE() << "no result for " << table;
    static const TableSeedResult none;
    return none;
  }
};

// crates.io: a name reserved in one table may not be taken in the other (a trigger on each),
// and the reserved names are unique after an expression. Both tables used to get name_<n>.
TEST_F(HistoryShapes, TriggersComparingNamesAcrossTablesAcceptTheGeneratedRows) {
  create_schema(R"SQL(
    CREATE FUNCTION canon(text) RETURNS text AS $$ SELECT replace(lower($1), '-', '_') $$
      LANGUAGE sql IMMUTABLE;
    CREATE TABLE crates (id serial PRIMARY KEY, name varchar NOT NULL UNIQUE);
    CREATE TABLE reserved (name text PRIMARY KEY);
    CREATE UNIQUE INDEX ON reserved (canon(name));
    INSERT INTO reserved VALUES ('alloc'), ('core');
    -- One check for both directions: the name may not be in the table named by the argument.
    CREATE FUNCTION name_free_in() RETURNS trigger AS $$
    DECLARE taken boolean;
    BEGIN
      EXECUTE format('SELECT EXISTS (SELECT FROM %I WHERE canon(name) = canon($1))', TG_ARGV[0])
        INTO taken USING NEW.name;
      IF taken THEN
        RAISE EXCEPTION 'name % is taken in %', NEW.name, TG_ARGV[0];
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;
    CREATE TRIGGER crate_not_reserved BEFORE INSERT ON crates
      FOR EACH ROW EXECUTE FUNCTION name_free_in('reserved');
    CREATE TRIGGER reserved_not_taken BEFORE INSERT ON reserved
      FOR EACH ROW EXECUTE FUNCTION name_free_in('crates');
  )SQL");
  SeedPlan plan;
  plan.default_rows = 150;
  const SeedReport report = seed_database(conninfo(), plan);
  EXPECT_EQ(result_of(report, "public.crates").error, "");
  EXPECT_EQ(result_of(report, "public.reserved").error, "");
  EXPECT_EQ(count("crates"), 150);
  EXPECT_EQ(count("reserved"), 152); // the two a migration inserted, then the rows asked
  EXPECT_EQ(query_number("SELECT count(*) FROM crates c JOIN reserved r ON canon(c.name) = "
                         "canon(r.name)"),
            0);
}

// crates.io: an AFTER INSERT trigger on crates writes one crate_downloads row per crate, keyed
// by the crate. Generated rows used to collide with them on the primary key.
TEST_F(HistoryShapes, RowsATriggerWroteCountTowardsTheRowsAsked) {
  create_schema(R"SQL(
    CREATE TABLE crates (id serial PRIMARY KEY, name text NOT NULL);
    CREATE TABLE crate_downloads (
      crate_id integer PRIMARY KEY REFERENCES crates ON DELETE CASCADE,
      downloads bigint NOT NULL DEFAULT 0);
    CREATE TABLE crate_badges (crate_id integer NOT NULL REFERENCES crate_downloads,
                               badge text NOT NULL);
    CREATE FUNCTION add_downloads_row() RETURNS trigger AS $$
    BEGIN INSERT INTO crate_downloads (crate_id) VALUES (NEW.id); RETURN NEW; END
    $$ LANGUAGE plpgsql;
    CREATE TRIGGER add_downloads_row AFTER INSERT ON crates
      FOR EACH ROW EXECUTE FUNCTION add_downloads_row();
  )SQL");
  SeedPlan plan;
  plan.default_rows = 120;
  const SeedReport report = seed_without_errors(plan);
  EXPECT_EQ(result_of(report, "public.crate_downloads").rows, 120);
  EXPECT_EQ(count("crates"), 120);
  EXPECT_EQ(count("crate_downloads"), 120);
  // Its child points at the rows the trigger wrote.
  EXPECT_EQ(count("crate_badges"), 120);
  EXPECT_EQ(query_number("SELECT count(*) FROM crate_badges b LEFT JOIN crate_downloads d "
                         "USING (crate_id) WHERE d.crate_id IS NULL"),
            0);
}

// crates.io: each version inserted writes its crate's default_versions row (one per crate,
// the first version wins), keyed by crate and by version, each UNIQUE: the rows to add must
// take the crates and versions no row holds yet.
TEST_F(HistoryShapes, TopUpUnderUniqueForeignKeysTakesTheFreeParents) {
  create_schema(R"SQL(
    CREATE TABLE crates (id serial PRIMARY KEY, name text NOT NULL);
    CREATE TABLE versions (id serial PRIMARY KEY, crate_id integer NOT NULL REFERENCES crates);
    CREATE TABLE default_versions (
      crate_id integer PRIMARY KEY REFERENCES crates ON DELETE CASCADE,
      version_id integer NOT NULL REFERENCES versions DEFERRABLE INITIALLY DEFERRED);
    CREATE UNIQUE INDEX default_versions_version_id_uindex ON default_versions (version_id);
    CREATE FUNCTION first_version() RETURNS trigger AS $$
    BEGIN
      INSERT INTO default_versions VALUES (NEW.crate_id, NEW.id) ON CONFLICT DO NOTHING;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;
    CREATE TRIGGER first_version AFTER INSERT ON versions
      FOR EACH ROW EXECUTE FUNCTION first_version();
  )SQL");
  SeedPlan plan;
  plan.default_rows = 200;
  const SeedReport report = seed_without_errors(plan);
  EXPECT_EQ(count("default_versions"), 200);
  EXPECT_EQ(result_of(report, "public.default_versions").rows, 200);
  // The trigger wrote some of them: fewer versions' crates are distinct than crates.
  EXPECT_LT(query_number("SELECT count(DISTINCT crate_id) FROM versions"), 200);
}

// crates.io: versions rejected by a trigger left readme_renderings (its primary key a foreign
// key to versions) with "only 1 distinct combinations": the reason is the empty parent.
TEST_F(HistoryShapes, ChildOfARejectedParentNamesTheEmptyParent) {
  create_schema(R"SQL(
    CREATE TABLE versions (id serial PRIMARY KEY, num text NOT NULL);
    CREATE FUNCTION refuse() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'cannot upload'; END $$ LANGUAGE plpgsql;
    CREATE TRIGGER refuse BEFORE INSERT ON versions FOR EACH ROW EXECUTE FUNCTION refuse();
    CREATE TABLE readme_renderings (
      version_id integer PRIMARY KEY REFERENCES versions ON DELETE CASCADE,
      rendered_at timestamp NOT NULL DEFAULT now());
  )SQL");
  SeedPlan plan;
  plan.default_rows = 50;
  const SeedReport report = seed_database(conninfo(), plan);
  EXPECT_NE(result_of(report, "public.versions").error.find("cannot upload"), std::string::npos);
  const std::string& error = result_of(report, "public.readme_renderings").error;
  EXPECT_NE(error.find("parent public.versions has no generated rows"), std::string::npos) << error;
  EXPECT_EQ(error.find("distinct combinations"), std::string::npos) << error;
}

// A history step: a database seeded before, copied, changed by a migration (a new child, a new
// table), then topped up: full tables are not written again, the new ones get exactly the rows
// asked, and their foreign keys point at the rows already there.
TEST_F(HistoryShapes, TopUpFillsOnlyWhatIsMissing) {
  create_schema(R"SQL(
    CREATE TABLE users (id bigserial PRIMARY KEY, login text NOT NULL UNIQUE);
    CREATE TABLE crates (id serial PRIMARY KEY, name text NOT NULL,
                         owner_id bigint NOT NULL REFERENCES users);
    CREATE UNIQUE INDEX ON crates (lower(name));
  )SQL");
  SeedPlan plan;
  plan.default_rows = 300;
  plan.top_up = true;
  ASSERT_TRUE(seed_database(conninfo(), plan).ok());
  EXPECT_EQ(count("users"), 300);
  EXPECT_EQ(count("crates"), 300);

  // Nothing missing: nothing written (the same rows, ids unchanged).
  const long long ids = query_number("SELECT sum(id) FROM crates");
  const SeedReport again = seed_database(conninfo(), plan);
  EXPECT_TRUE(again.ok());
  EXPECT_EQ(result_of(again, "public.crates").rows, 300);
  EXPECT_EQ(query_number("SELECT sum(id) FROM crates"), ids);

  run(R"SQL(
    CREATE TABLE follows (user_id bigint NOT NULL REFERENCES users,
                          crate_id integer NOT NULL REFERENCES crates,
                          PRIMARY KEY (user_id, crate_id));
    CREATE TABLE keywords (id serial PRIMARY KEY, keyword text NOT NULL UNIQUE);
    INSERT INTO keywords (keyword) VALUES ('keyword_keywords_0'), ('keyword_keywords_1');
  )SQL");
  const SeedReport step = seed_without_errors(plan);
  EXPECT_EQ(count("users"), 300);
  EXPECT_EQ(count("crates"), 300);
  EXPECT_EQ(query_number("SELECT sum(id) FROM crates"), ids);
  EXPECT_EQ(count("follows"), 300);
  EXPECT_EQ(count("keywords"), 300); // the 2 a migration inserted count
  EXPECT_EQ(result_of(step, "public.keywords").rows, 300);
  EXPECT_EQ(query_number("SELECT count(*) FROM follows f LEFT JOIN crates c ON c.id = f.crate_id "
                         "WHERE c.id IS NULL"),
            0);
}

} // namespace
} // namespace pgdrydock
