// The seeder against a real PostgreSQL started through the sandbox: the server enforces every
// type and constraint while loading, so a row count that matches proves the rows were valid.
#include "simulate/seed/seeder.h"

#include <fstream>
#include <memory>
#include <sstream>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "simulate/sandbox/pg_client.h"
#include "simulate/sandbox/sandbox.h"
#include "tests/seeder/seeder_fixture.h"

namespace pgdrydock {
namespace {

class SeederTest : public SeederDatabaseTest {
protected:
  static std::string read_fixture(const std::string& name) {
    std::ifstream file(std::string(PGDRYDOCK_TEST_DIR) + "/" + name);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }
};

TEST_F(SeederTest, EveryTypeAndConstraintLoadsTheRequestedRows) {
  create_schema(read_fixture("all_types.sql"));
  SeedPlan plan;
  plan.default_rows = 500;
  const SeedReport report = seed_database(conninfo(), plan);
  for (const auto& table : report.tables)
    EXPECT_EQ(table.error, "") << table.table;
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report.tables.size(), 5u);
  for (const char* table :
       {"organisations", "users", "billing.invoices", "billing.invoice_lines", "memberships"})
    EXPECT_EQ(count(table), 500) << table;
  EXPECT_EQ(report.total_rows(), 2500);

  // Parents are filled before the tables that reference them.
  auto position = [&](const std::string& table) {
    return result_for(report, table) - report.tables.data();
  };
  EXPECT_LT(position("public.organisations"), position("public.users"));
  EXPECT_LT(position("public.users"), position("billing.invoices"));
  EXPECT_LT(position("billing.invoices"), position("billing.invoice_lines"));

  // Every enum label and both booleans occur; CHECK lists are respected by the server.
  EXPECT_EQ(query_text("SELECT count(DISTINCT role) FROM users"), "3");
  EXPECT_EQ(query_text("SELECT count(DISTINCT is_active) FROM users"), "2");
  EXPECT_EQ(query_text("SELECT count(*) FROM users WHERE roles = '{}'"), "0");
  EXPECT_EQ(query_text("SELECT count(DISTINCT organisation_id) > 1 FROM users"), "t");
  // Sequences were moved past the generated keys: a plain insert takes the next id.
  PgClient client(conninfo());
  pqxx::work tx(client.connection());
  tx.exec("INSERT INTO billing.invoices (user_id, amount, tax_rate, number, issued_on) "
          "VALUES (1, 1, 0.5, 'extra', current_date)");
  tx.exec("INSERT INTO organisations (name, slug) VALUES ('extra', 'extra')");
  tx.commit();
  EXPECT_EQ(count("billing.invoices"), 501);
  // ANALYZE ran: the planner knows the row count.
  EXPECT_EQ(query_text("SELECT reltuples::bigint FROM pg_class WHERE oid = 'users'::regclass"),
            "500");
}

TEST_F(SeederTest, RowsPerTableOverrideTheDefault) {
  create_schema(read_fixture("all_types.sql"));
  SeedPlan plan;
  ASSERT_TRUE(add_rows_option(plan, "40").has_value());
  ASSERT_TRUE(add_rows_option(plan, "billing.invoices=7").has_value());
  ASSERT_TRUE(add_rows_option(plan, "users=25").has_value());
  const SeedReport report = seed_database(conninfo(), plan);
  ASSERT_TRUE(report.ok()) << report.tables.front().error;
  EXPECT_EQ(count("organisations"), 40);
  EXPECT_EQ(count("users"), 25);
  EXPECT_EQ(count("billing.invoices"), 7);
  EXPECT_EQ(count("billing.invoice_lines"), 40);
  // The join table's key is two foreign keys: 25 users x 40 organisations combinations.
  EXPECT_EQ(count("memberships"), 40);
}

TEST_F(SeederTest, UnsatisfiableCheckNamesTableAndConstraintAndOthersStillLoad) {
  create_schema(R"SQL(
    CREATE TABLE good (id int PRIMARY KEY, label text NOT NULL);
    CREATE TABLE impossible (
      id int PRIMARY KEY,
      level int NOT NULL CONSTRAINT level_in_empty_range CHECK (level > 10 AND level < 5));
    CREATE TABLE needs_impossible (
      id int PRIMARY KEY,
      impossible_id int NOT NULL CONSTRAINT needs_impossible_fk REFERENCES impossible (id));
    CREATE TABLE ordered_pair (
      low int NOT NULL, high int NOT NULL, CONSTRAINT low_below_high CHECK (low < high - 2000000));
  )SQL");
  SeedPlan plan;
  plan.default_rows = 100;
  const SeedReport report = seed_database(conninfo(), plan);
  EXPECT_FALSE(report.ok());

  const TableSeedResult* impossible = result_for(report, "public.impossible");
  ASSERT_NE(impossible, nullptr);
  EXPECT_NE(impossible->error.find("public.impossible"), std::string::npos) << impossible->error;
  EXPECT_NE(impossible->error.find("level_in_empty_range"), std::string::npos) << impossible->error;
  EXPECT_EQ(impossible->rows, 0);

  const TableSeedResult* child = result_for(report, "public.needs_impossible");
  ASSERT_NE(child, nullptr);
  EXPECT_NE(child->error.find("needs_impossible_fk"), std::string::npos) << child->error;
  EXPECT_NE(child->error.find("public.impossible"), std::string::npos) << child->error;

  // A CHECK across two columns is beyond the generator: the server's rejection names it.
  const TableSeedResult* pair = result_for(report, "public.ordered_pair");
  ASSERT_NE(pair, nullptr);
  EXPECT_NE(pair->error.find("low_below_high"), std::string::npos) << pair->error;
  EXPECT_NE(pair->error.find("public.ordered_pair"), std::string::npos) << pair->error;

  EXPECT_EQ(result_for(report, "public.good")->error, "");
  EXPECT_EQ(count("good"), 100);
  EXPECT_EQ(count("impossible"), 0);
  EXPECT_EQ(count("ordered_pair"), 0);
}

TEST_F(SeederTest, SelfReferencingForeignKeysPointAtRowsOfTheSameTable) {
  create_schema(R"SQL(
    CREATE TABLE categories (id serial PRIMARY KEY, parent_id int REFERENCES categories (id));
    CREATE TABLE employees (
      id bigint PRIMARY KEY, manager_id bigint NOT NULL REFERENCES employees (id));
    CREATE TABLE chain (id int PRIMARY KEY, next_id int UNIQUE REFERENCES chain (id));
  )SQL");
  SeedPlan plan;
  plan.default_rows = 300;
  const SeedReport report = seed_database(conninfo(), plan);
  for (const auto& table : report.tables)
    EXPECT_EQ(table.error, "") << table.table;
  EXPECT_EQ(count("categories"), 300);
  EXPECT_EQ(count("employees"), 300);
  EXPECT_EQ(count("chain"), 300);
  EXPECT_EQ(query_text("SELECT count(*) FROM categories WHERE parent_id IS NULL"), "1");
  EXPECT_EQ(query_text("SELECT count(DISTINCT next_id) FROM chain"), "299");
}

TEST_F(SeederTest, ForeignKeyCycleIsBrokenAtANullableColumn) {
  create_schema(R"SQL(
    CREATE TABLE teams (id int PRIMARY KEY, captain_id int);
    CREATE TABLE players (id int PRIMARY KEY, team_id int NOT NULL REFERENCES teams (id));
    ALTER TABLE teams ADD CONSTRAINT teams_captain_fk FOREIGN KEY (captain_id) REFERENCES players (id);
    CREATE TABLE eggs (id int PRIMARY KEY, hen_id int NOT NULL);
    CREATE TABLE hens (id int PRIMARY KEY, egg_id int NOT NULL REFERENCES eggs (id));
    ALTER TABLE eggs ADD CONSTRAINT eggs_hen_fk FOREIGN KEY (hen_id) REFERENCES hens (id);
  )SQL");
  SeedPlan plan;
  plan.default_rows = 50;
  const SeedReport report = seed_database(conninfo(), plan);
  EXPECT_EQ(count("teams"), 50);
  EXPECT_EQ(count("players"), 50);
  EXPECT_EQ(query_text("SELECT count(*) FROM teams WHERE captain_id IS NULL"), "50");
  const TableSeedResult* hens = result_for(report, "public.hens");
  ASSERT_NE(hens, nullptr);
  EXPECT_NE(hens->error.find("cycle"), std::string::npos) << hens->error;
  EXPECT_NE(hens->error.find("public.eggs"), std::string::npos) << hens->error;
  EXPECT_EQ(count("hens"), 0);
}

TEST_F(SeederTest, RowsAlreadyInsertedByAMigrationDoNotCollide) {
  create_schema(R"SQL(
    CREATE TABLE plans (id int PRIMARY KEY, code varchar(8) NOT NULL UNIQUE);
    INSERT INTO plans VALUES (1, 'free'), (2, 'pro'), (7, 'plans_0');
    CREATE TABLE accounts (id int PRIMARY KEY, plan_id int NOT NULL REFERENCES plans (id));
  )SQL");
  SeedPlan plan;
  plan.default_rows = 200;
  const SeedReport report = seed_database(conninfo(), plan);
  for (const auto& table : report.tables)
    EXPECT_EQ(table.error, "") << table.table;
  EXPECT_EQ(count("plans"), 203);
  EXPECT_EQ(count("accounts"), 200);
}

TEST_F(SeederTest, TypeWithoutGeneratorIsReportedOrLeftToItsDefault) {
  create_schema(R"SQL(
    -- A point gets a literal its input function accepts ("(0,0)"); one the domain's CHECK
    -- rejects for every literal tried leaves the table empty with the reason.
    CREATE DOMAIN far_point AS point CHECK (VALUE[0] > 5);
    CREATE TABLE shapes (id int PRIMARY KEY, centre far_point NOT NULL);
    CREATE TABLE defaults (id int PRIMARY KEY, centre point NOT NULL DEFAULT '(0,0)',
                           area box);
  )SQL");
  SeedPlan plan;
  plan.default_rows = 10;
  const SeedReport report = seed_database(conninfo(), plan);
  const TableSeedResult* shapes = result_for(report, "public.shapes");
  ASSERT_NE(shapes, nullptr);
  EXPECT_NE(shapes->error.find("public.shapes"), std::string::npos) << shapes->error;
  EXPECT_NE(shapes->error.find("centre"), std::string::npos) << shapes->error;
  EXPECT_NE(shapes->error.find("point"), std::string::npos) << shapes->error;
  EXPECT_EQ(result_for(report, "public.defaults")->error, "");
  EXPECT_EQ(count("defaults"), 10);
}

TEST_F(SeederTest, SameSeedGivesTheSameRows) {
  const std::string schema = read_fixture("all_types.sql");
  SeedPlan plan;
  plan.default_rows = 50;
  plan.seed = 42;
  create_schema(schema);
  ASSERT_TRUE(seed_database(conninfo(), plan).ok());
  const std::string checksum_sql =
      "SELECT md5(string_agg(u::text, ',' ORDER BY id)) FROM (SELECT id, email, role, roles, "
      "external_id, age, balance, born, settings, country FROM users) u";
  const std::string first = query_text(checksum_sql);
  sandbox_->drop_database(database_);
  create_schema(schema);
  ASSERT_TRUE(seed_database(conninfo(), plan).ok());
  EXPECT_EQ(query_text(checksum_sql), first);
  plan.seed = 43;
  sandbox_->drop_database(database_);
  create_schema(schema);
  ASSERT_TRUE(seed_database(conninfo(), plan).ok());
  EXPECT_NE(query_text(checksum_sql), first);
}

TEST(SeedPlanTest, RowsOptionParsesCountsAndTableOverrides) {
  SeedPlan plan;
  ASSERT_TRUE(add_rows_option(plan, "100000").has_value());
  ASSERT_TRUE(add_rows_option(plan, "users=5").has_value());
  ASSERT_TRUE(add_rows_option(plan, "billing.invoices=0").has_value());
  EXPECT_EQ(plan.default_rows, 100000);
  EXPECT_EQ(plan.rows_for("public", "users"), 5);
  EXPECT_EQ(plan.rows_for("auth", "users"), 5);
  EXPECT_EQ(plan.rows_for("billing", "invoices"), 0);
  EXPECT_EQ(plan.rows_for("public", "invoices"), 100000);
  EXPECT_FALSE(add_rows_option(plan, "lots").has_value());
  EXPECT_FALSE(add_rows_option(plan, "users=").has_value());
  EXPECT_FALSE(add_rows_option(plan, "=5").has_value());
  EXPECT_FALSE(add_rows_option(plan, "users=-1").has_value());
}

TEST(SeederConnectionTest, UnreachableServerIsAnEnvironmentError) {
  EXPECT_THROW(seed_database("host=/nonexistent-pgdrydock-socket-dir dbname=x connect_timeout=2",
                             SeedPlan{}),
               ErrorException);
}

} // namespace
} // namespace pgdrydock
