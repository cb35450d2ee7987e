// The model must be true, not plausible: apply a migration history to a real PostgreSQL (a
// disposable cluster from the simulate sandbox) and compare the server's catalog with the
// model after every migration — tables, columns and types, nullability, defaults,
// constraints and validity, indexes, sequences, enum labels. Then read `pg_dump
// --schema-only` of the same database back into the model and compare once more.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <gtest/gtest.h>

#include "lint/catalog/diff.h"
#include "lint/sql_parser.h"
#include "lint/support/process_runner.h"
#include "simulate/sandbox/pg_session.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/sandbox/temp_dir.h"
#include "tests/catalog/catalog_helpers.h"
#include "tests/catalog/random_history.h"
#include "tests/catalog/server_catalog.h"

namespace pgdrydock::testing {
namespace {

DiffOptions verification_options() {
  DiffOptions o;
  o.check_definitions = false;    // pg_get_constraintdef deparses differently; columns compared
  o.non_relation_objects = false; // functions, triggers, policies are not read from the server
  return o;
}

// Differences between the model and the server, one line each.
std::string mismatches(Catalog model, Catalog server) {
  normalize_for_comparison(model);
  normalize_for_comparison(server);
  std::string out;
  for (const auto& d : diff_catalogs(model, server, verification_options()))
    out += "  " + describe(d) + "\n";
  return out;
}

class CatalogVerification : public ::testing::Test {
protected:
  static void SetUpTestSuite() { sandbox_ = Sandbox::start({}); }
  static void TearDownTestSuite() {
    if (sandbox_)
      sandbox_->stop();
    sandbox_.reset();
  }

  // A fresh database for one history.
  std::string fresh_database(const std::string& hint) {
    std::string name = sandbox_->fresh_database_name(hint);
    sandbox_->create_database(name, "template0");
    return name;
  }

  // pg_dump --schema-only of the database, read back into the model.
  Catalog dump_and_load(const std::string& database) {
    std::string folder = make_private_temp_dir("pgdrydock-catalog-dump-", false);
    std::string path = folder + "/schema.sql";
    ProcessOptions pg_dump;
    pg_dump.argv = {
        "pg_dump", "--schema-only", "--no-owner", "-f", path, sandbox_->conninfo(database)};
    ProcessResult run = run_process(pg_dump);
    EXPECT_TRUE(run.status.success()) << run.status.describe() << "\n" << run.err;
    Catalog c = value_or_throw(load_schema_dump(path));
    std::filesystem::remove_all(folder);
    return c;
  }

  static std::unique_ptr<Sandbox> sandbox_;
};

std::unique_ptr<Sandbox> CatalogVerification::sandbox_;

TEST_F(CatalogVerification, ExampleSchemaHistory) {
  std::string db = fresh_database("examples");
  PgSession session(sandbox_->conninfo(db));
  for (const char* folder : {"golang-migrate", "dbmate"}) {
    MigrationSet set =
        load_migrations({std::string(PGDRYDOCK_SOURCE_DIR) + "/examples/" + folder}, {});
    ASSERT_FALSE(set.migrations.empty()) << folder;
    ASSERT_TRUE(set.errors.empty()) << folder;
    Catalog model;
    model.trusted = true;
    ParseSession parser;
    // The examples run against the same database one after the other: drop what the previous
    // folder made first (each history starts from an empty schema).
    session.exec("DROP SCHEMA IF EXISTS migration CASCADE; DROP SCHEMA public CASCADE; "
                 "CREATE SCHEMA public;");
    for (const auto& m : set.migrations) {
      std::string sql(m.up.text());
      auto err = session.exec(sql);
      ASSERT_FALSE(err) << m.version << ": " << err->message;
      replay_script(model, m.up, parser);
      std::string diff = mismatches(model, read_server_catalog(session));
      EXPECT_TRUE(diff.empty()) << folder << " migration " << m.version << ":\n" << diff;
    }
    std::string diff = mismatches(dump_and_load(db), read_server_catalog(session));
    EXPECT_TRUE(diff.empty()) << folder << " pg_dump read back:\n" << diff;
  }
}

TEST_F(CatalogVerification, GeneratedHistoryOf200Migrations) {
  std::string db = fresh_database("random");
  PgSession session(sandbox_->conninfo(db));
  RandomHistory generator(20261121);
  Catalog model;
  model.trusted = true;
  ParseSession parser;
  int checked = 0;
  for (int i = 0; i < 220; ++i) {
    std::string sql = generator.next(model);
    auto err = session.exec(sql);
    ASSERT_FALSE(err) << "migration " << i << " rejected by the server (the model let the "
                      << "generator believe it was valid):\n"
                      << sql << err->message;
    replay_script(model, script_of(sql), parser);
    std::string diff = mismatches(model, read_server_catalog(session));
    ASSERT_TRUE(diff.empty()) << "after migration " << i << ":\n" << sql << diff;
    ++checked;
  }
  EXPECT_EQ(checked, 220);
  // The history did build something worth comparing, implicit names included.
  Catalog server = read_server_catalog(session);
  std::size_t constraints = 0, columns = 0, implicit = 0, validated_checks = 0;
  for (const auto& [key, t] : server.tables) {
    columns += t.columns.size();
    constraints += t.constraints.size();
    for (const auto& k : t.constraints) {
      if (k.name.ends_with("_fkey") || k.name.ends_with("_key") || k.name.ends_with("_check"))
        ++implicit;
      if (k.kind == ConstraintKind::Check && k.validated)
        ++validated_checks;
    }
  }
  for (const auto& [key, idx] : server.indexes)
    if (key.ends_with("_idx") || key.ends_with("_idx1"))
      ++implicit;
  std::cout << "random history: " << server.tables.size() << " tables, " << columns << " columns, "
            << constraints << " constraints, " << server.indexes.size() << " indexes, "
            << server.sequences.size() << " sequences, " << server.enums.size() << " enums, "
            << implicit << " implicitly named\n";
  EXPECT_GE(server.tables.size(), 5u);
  EXPECT_GE(constraints, 20u);
  EXPECT_GE(server.indexes.size(), 20u);
  EXPECT_GE(implicit, 10u);
  EXPECT_GE(validated_checks, 1u);
  // The comparison itself can fail: one wrong nullability or one missing index is caught.
  Catalog wrong = model;
  std::string with_columns;
  for (const auto& [key, t] : wrong.tables)
    if (!t.columns.empty())
      with_columns = key;
  ASSERT_FALSE(with_columns.empty());
  auto& column = wrong.tables.edit(with_columns).columns.back();
  column.not_null = !column.not_null;
  EXPECT_FALSE(mismatches(wrong, server).empty());
  wrong = model;
  wrong.indexes.erase(wrong.indexes.keys().front());
  EXPECT_FALSE(mismatches(wrong, server).empty());
  std::string diff = mismatches(dump_and_load(db), read_server_catalog(session));
  EXPECT_TRUE(diff.empty()) << "pg_dump read back:\n" << diff;
}

} // namespace
} // namespace pgdrydock::testing
