// The replayer on a real sandbox: observations that depend on the state it carries from one
// statement to the next (relations created by an earlier statement, locks an open transaction
// already holds and what it reports as held) and on its prepared state query surviving
// DEALLOCATE / DISCARD; the lock column and the model's disagreements the reports show.
#include <string>

#include <gtest/gtest.h>

#include "lint/lint_driver.h"
#include "reports/lock_column.h"
#include "reports/report_format.h"
#include "simulate/replay/replayer.h"
#include "simulate/result/simulation_json.h"
#include "simulate/sandbox/sandbox.h"
#include "tests/common/first_up_script.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock {
namespace {

class Replayer : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    sandbox_ = Sandbox::start({}).release();
    sandbox_->set_phase(SandboxPhase::Replaying);
  }
  static void TearDownTestSuite() {
    delete sandbox_;
    sandbox_ = nullptr;
  }

  // Lints `sql` as one plain migration file and replays its up script, measured, in a fresh
  // database; fails the test when the replay fails.
  ScriptResult replay(const std::string& sql) {
    testing::TempFolder folder;
    const std::string path = folder.write("0001_test.sql", sql);
    ScriptResult script = testing::first_up_script(path, sandbox_->server_major_version());
    const std::string db = sandbox_->fresh_database_name("replayer");
    sandbox_->create_database(db, "template0");
    ReplayOptions options;
    options.conninfo = sandbox_->conninfo(db);
    options.pg_version = sandbox_->server_major_version();
    auto failure = replay_script(script, options);
    sandbox_->drop_database(db);
    EXPECT_FALSE(failure) << (failure ? failure->error.message : "");
    return script;
  }

  static Sandbox* sandbox_;
};
Sandbox* Replayer::sandbox_ = nullptr;

// The entry of `relation` in statement i's list `key` of its measured JSON, or null.
nlohmann::json entry(const ScriptResult& script, std::size_t i, const char* key,
                     const std::string& relation) {
  for (const auto measured = json_or_null(script.statements.at(i).measured);
       const auto& o : measured[key])
    if (o["relation"] == relation)
      return o;
  return nullptr;
}

// What statement i newly locked or rewrote on `relation`, or null.
nlohmann::json observed(const ScriptResult& script, std::size_t i, const std::string& relation) {
  return entry(script, i, "observed", relation);
}

// What the session holds on `relation` after statement i, or null.
nlohmann::json held(const ScriptResult& script, std::size_t i, const std::string& relation) {
  return entry(script, i, "locks", relation);
}

TEST_F(Replayer, RelationsCreatedByEarlierStatementsAreNamedAndTheirRewritesSeen) {
  ScriptResult s = replay("CREATE TABLE t (id int);\n"
                          "INSERT INTO t SELECT generate_series(1, 100);\n"
                          "ALTER TABLE t ADD COLUMN v int DEFAULT (random() * 10)::int;\n"
                          "DEALLOCATE ALL;\n"
                          "ALTER TABLE t ALTER COLUMN v TYPE bigint;\n"
                          "DISCARD ALL;\n"
                          "DROP TABLE t;\n");
  ASSERT_EQ(s.statements.size(), 7u);
  for (std::size_t i : {2u, 4u}) {
    const auto o = observed(s, i, "public.t");
    ASSERT_FALSE(o.is_null()) << i << ": " << json_or_null(s.statements[i].measured).dump(2);
    EXPECT_EQ(o["lock"], "AccessExclusiveLock") << i;
    EXPECT_TRUE(o["rewrite"].get<bool>()) << i << ": " << o.dump();
    EXPECT_FALSE(o["created"].get<bool>()) << i;
  }
  // Dropped: no longer in pg_class afterwards, named from the state before the statement.
  const auto dropped = observed(s, 6, "public.t");
  ASSERT_FALSE(dropped.is_null()) << json_or_null(s.statements[6].measured).dump(2);
  EXPECT_EQ(dropped["lock"], "AccessExclusiveLock");
  EXPECT_TRUE(observed(s, 0, "public.t")["created"].get<bool>());
}

TEST_F(Replayer, LocksTheOpenTransactionAlreadyHoldsAreNotNewToALaterStatement) {
  ScriptResult s = replay("CREATE TABLE a (id int);\n"
                          "CREATE TABLE b (id int);\n"
                          "BEGIN;\n"
                          "LOCK TABLE a IN ACCESS EXCLUSIVE MODE;\n"
                          "ALTER TABLE a ADD COLUMN x int;\n"
                          "ALTER TABLE b ADD COLUMN x int;\n"
                          "COMMIT;\n");
  ASSERT_EQ(s.statements.size(), 7u);
  EXPECT_EQ(observed(s, 3, "public.a")["lock"], "AccessExclusiveLock")
      << json_or_null(s.statements[3].measured).dump(2);
  // a's lock was taken by the LOCK before it: this ALTER takes nothing new on a.
  EXPECT_TRUE(observed(s, 4, "public.a").is_null())
      << json_or_null(s.statements[4].measured).dump(2);
  EXPECT_TRUE(json_or_null(s.statements[4].measured)["mismatch"].empty())
      << json_or_null(s.statements[4].measured).dump(2);
  EXPECT_EQ(observed(s, 5, "public.b")["lock"], "AccessExclusiveLock")
      << json_or_null(s.statements[5].measured).dump(2);
  EXPECT_TRUE(observed(s, 5, "public.a").is_null())
      << json_or_null(s.statements[5].measured).dump(2);
}

TEST_F(Replayer, ALaterStatementReportsTheAccessExclusiveAnEarlierOneTookAsHeld) {
  ScriptResult s = replay("CREATE TABLE a (id int);\n"
                          "CREATE TABLE b (id int);\n"
                          "BEGIN;\n"
                          "ALTER TABLE a ADD COLUMN x int;\n"
                          "INSERT INTO a (id) VALUES (1);\n"
                          "ALTER TABLE a ADD COLUMN y int;\n"
                          "SELECT pg_sleep(0.3);\n"
                          "COMMIT;\n");
  ASSERT_EQ(s.statements.size(), 8u);
  const auto dump = [&](std::size_t i) { return json_or_null(s.statements[i].measured).dump(2); };
  const auto first = held(s, 3, "public.a");
  ASSERT_FALSE(first.is_null()) << dump(3);
  EXPECT_EQ(first["held"], "AccessExclusiveLock") << dump(3);
  EXPECT_EQ(first["acquired"], "AccessExclusiveLock") << dump(3);
  EXPECT_EQ(first["created"], false) << dump(3);
  // The INSERT adds its RowExclusiveLock; what others wait behind is still the ALTER's lock.
  const auto insert = held(s, 4, "public.a");
  ASSERT_FALSE(insert.is_null()) << dump(4);
  EXPECT_EQ(insert["held"], "AccessExclusiveLock") << dump(4);
  EXPECT_EQ(insert["acquired"], "RowExclusiveLock") << dump(4);
  // The same mode again is no new lock: held, not acquired.
  const auto again = held(s, 5, "public.a");
  ASSERT_FALSE(again.is_null()) << dump(5);
  EXPECT_EQ(again["held"], "AccessExclusiveLock") << dump(5);
  EXPECT_TRUE(again["acquired"].is_null()) << dump(5);
  EXPECT_TRUE(json_or_null(s.statements[5].measured)["mismatch"].empty()) << dump(5);
  EXPECT_EQ(lock_column(s.statements[5]).main,
            "AccessExclusiveLock public.a (held from an earlier statement)");
  // A statement that touches nothing still blocks readers and writers of a while it runs:
  // the windows are measured on what is held.
  EXPECT_EQ(held(s, 6, "public.a")["held"], "AccessExclusiveLock") << dump(6);
  EXPECT_GT(s.statements[6].measured->blocked_reads_ms, 100) << dump(6);
  EXPECT_GT(s.statements[6].measured->blocked_writes_ms, 100) << dump(6);
  EXPECT_TRUE(held(s, 6, "public.b").is_null()) << dump(6);
  // After COMMIT nothing is held.
  EXPECT_TRUE(json_or_null(s.statements[7].measured)["locks"].empty()) << dump(7);
}

TEST_F(Replayer, TheLockColumnShowsTheExistingRelationNotTheCreatedOne) {
  ScriptResult s = replay("CREATE TABLE client_accounts (id int PRIMARY KEY);\n"
                          "CREATE TABLE documents (id serial PRIMARY KEY, body text,\n"
                          "  account_id int REFERENCES client_accounts (id));\n"
                          "CREATE INDEX documents_body_idx ON documents (body);\n"
                          "DROP TABLE documents;\n");
  ASSERT_EQ(s.statements.size(), 4u);
  const auto dump = [&](std::size_t i) { return json_or_null(s.statements[i].measured).dump(2); };
  const LockColumn index = lock_column(s.statements[2]);
  EXPECT_EQ(index.main, "ShareLock public.documents") << dump(2);
  // The new index follows its table: no line of its own.
  for (const auto& other : index.others)
    EXPECT_EQ(other.find("documents_body_idx"), std::string::npos) << other;
  EXPECT_EQ(held(s, 2, "public.documents_body_idx")["belongs_to"], "public.documents") << dump(2);
  EXPECT_EQ(held(s, 2, "public.documents_body_idx")["created"], true) << dump(2);

  // DROP TABLE locks the referenced table, the indexes and the sequence as strongly as the
  // dropped table: the column names the dropped table, the referenced one follows on its own
  // line, the indexes and the owned sequence not at all.
  const LockColumn drop = lock_column(s.statements[3]);
  EXPECT_EQ(drop.main, "AccessExclusiveLock public.documents") << dump(3);
  EXPECT_EQ(held(s, 3, "public.documents_id_seq")["belongs_to"], "public.documents") << dump(3);
  bool referenced = false;
  for (const auto& other : drop.others) {
    EXPECT_EQ(other.find("public.documents_"), std::string::npos) << other;
    referenced = referenced || other.find("public.client_accounts") != std::string::npos;
  }
  EXPECT_TRUE(referenced) << dump(3);
  // An index of the dropped table is no disagreement with the model.
  for (const auto measured = json_or_null(s.statements[3].measured);
       const auto& line : measured["mismatch"])
    EXPECT_EQ(line.get<std::string>().find("documents_"), std::string::npos) << dump(3);
}

TEST_F(Replayer, ALockTheModelDoesNotPredictIsAModelDisagreementLine) {
  // The model cannot see into a function body: the ShareLock it takes is a surprise.
  ScriptResult s = replay("CREATE TABLE t (id int);\n"
                          "CREATE FUNCTION lock_t() RETURNS void LANGUAGE plpgsql AS\n"
                          "  $$ BEGIN LOCK TABLE t IN SHARE MODE; END $$;\n"
                          "SELECT lock_t();\n");
  ASSERT_EQ(s.statements.size(), 3u);
  const auto measured = json_or_null(s.statements[2].measured);
  ASSERT_EQ(measured["mismatch"].size(), 1u) << measured.dump(2);
  EXPECT_EQ(measured["mismatch"][0], "predicted no lock, observed ShareLock on public.t");
  LintResult result;
  MigrationResult migration;
  migration.version = "0001";
  migration.name = "test";
  migration.scripts.push_back(s);
  result.migrations.push_back(migration);
  const std::string line = "model disagrees: predicted no lock, observed ShareLock on public.t";
  for (const char* format : {"simulation-text", "markdown", "html"}) {
    const std::string report = find_renderer(format)->render(result, RenderOptions{});
    EXPECT_NE(report.find(line), std::string::npos) << format << ":\n" << report;
  }
}

} // namespace
} // namespace pgdrydock
