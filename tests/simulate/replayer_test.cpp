// The replayer on a real sandbox: observations that depend on the state it carries from one
// statement to the next (relations created by an earlier statement, locks an open transaction
// already holds) and on its prepared state query surviving DEALLOCATE / DISCARD.
#include <string>

#include <gtest/gtest.h>

#include "lint/lint_driver.h"
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

// The observation of `relation` in statement i, or null.
nlohmann::json observed(const ScriptResult& script, std::size_t i, const std::string& relation) {
  for (const auto measured = json_or_null(script.statements.at(i).measured);
       const auto& o : measured["observed"])
    if (o["relation"] == relation)
      return o;
  return nullptr;
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

} // namespace
} // namespace pgdrydock
