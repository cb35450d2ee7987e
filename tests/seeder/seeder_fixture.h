// The seeder tests' fixture: one sandbox per test suite, a fresh database per test holding the
// schema the test gives, and the queries the tests check the loaded rows with.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "simulate/sandbox/pg_client.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/seed/seeder.h"

namespace pgdrydock {

class SeederDatabaseTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() { sandbox_ = Sandbox::start(SandboxOptions{}); }
  static void TearDownTestSuite() {
    if (sandbox_)
      sandbox_->stop();
    sandbox_.reset();
  }

  // A fresh database holding `schema`.
  void create_schema(const std::string& schema) {
    database_ = sandbox_->fresh_database_name("seeder");
    sandbox_->create_database(database_, "template0");
    run(schema);
  }

  // Runs SQL outside a transaction block.
  void run(const std::string& sql) {
    PgClient client(conninfo());
    pqxx::nontransaction tx(client.connection());
    tx.exec(sql);
  }

  void TearDown() override {
    if (!database_.empty())
      sandbox_->drop_database(database_);
  }

  std::string conninfo() const { return sandbox_->conninfo(database_); }

  long long count(const std::string& table) {
    PgClient client(conninfo());
    pqxx::read_transaction tx(client.connection());
    return tx.exec1("SELECT count(*) FROM " + table)[0].as<long long>();
  }

  std::string query_text(const std::string& sql) {
    PgClient client(conninfo());
    pqxx::read_transaction tx(client.connection());
    const auto row = tx.exec1(sql);
    return row[0].is_null() ? "NULL" : row[0].as<std::string>();
  }

  // Seeds every table with `plan`, each table's error (none expected) a test failure.
  SeedReport seed_without_errors(const SeedPlan& plan) {
    SeedReport report = seed_database(conninfo(), plan);
    for (const auto& table : report.tables)
      EXPECT_EQ(table.error, "") << table.table;
    return report;
  }

  static const TableSeedResult* result_for(const SeedReport& report, const std::string& table) {
    for (const auto& result : report.tables)
      if (result.table == table)
        return &result;
    return nullptr;
  }

  static inline std::unique_ptr<Sandbox> sandbox_;
  std::string database_;
};

} // namespace pgdrydock
