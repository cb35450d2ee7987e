// Simulate on psql scripts, on a real server: the rows of COPY ... FROM stdin are streamed to
// the COPY (and arrive intact: tabs, newlines, backslashes, quotes), meta-commands are left to
// psql and skipped, and a real pg_dump replays without a failure.
#include <string>

#include <gtest/gtest.h>

#include "lint/lint_driver.h"
#include "simulate/replay/replayer.h"
#include "simulate/sandbox/pg_session.h"
#include "simulate/sandbox/sandbox.h"
#include "tests/common/first_up_script.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock {
namespace {

class ReplayPsql : public ::testing::TestWithParam<bool> {
protected:
  static void SetUpTestSuite() {
    sandbox_ = Sandbox::start({}).release();
    sandbox_->set_phase(SandboxPhase::Replaying);
  }
  static void TearDownTestSuite() {
    delete sandbox_;
    sandbox_ = nullptr;
  }

  // Lints the file as one migration, replays its up script (measured or not, the test's
  // parameter) in a fresh database and returns that database's conninfo (dropped at TearDown).
  std::string replay(const std::string& path, std::optional<ReplayFailure>* failure) {
    ScriptResult script = testing::first_up_script(path, sandbox_->server_major_version());
    db_ = sandbox_->fresh_database_name("psql");
    sandbox_->create_database(db_, "template0");
    ReplayOptions options;
    options.conninfo = sandbox_->conninfo(db_);
    options.pg_version = sandbox_->server_major_version();
    options.measure = GetParam();
    *failure = replay_script(script, options);
    return options.conninfo;
  }
  void TearDown() override {
    if (!db_.empty())
      sandbox_->drop_database(db_);
  }

  std::string db_;
  static Sandbox* sandbox_;
};
Sandbox* ReplayPsql::sandbox_ = nullptr;

TEST_P(ReplayPsql, RealPgDumpReplaysWithItsRows) {
  std::optional<ReplayFailure> failure;
  std::string conninfo =
      replay(std::string(PGDRYDOCK_TEST_DIR) + "/fixtures/pg_dump_shopdb.sql", &failure);
  ASSERT_FALSE(failure) << failure->error.message << " at line " << failure->location.line;
  PgSession s(conninfo);
  PgRows counts = s.query("SELECT (SELECT count(*) FROM shop.customers), "
                          "(SELECT count(*) FROM shop.orders), "
                          "(SELECT note FROM shop.customers WHERE email = 'a@example.com'), "
                          "(SELECT note FROM shop.customers WHERE email = 'c@example.com'), "
                          "(SELECT payload->>'q' FROM shop.orders WHERE id = 1), "
                          "(SELECT last_value FROM shop.invoice_no)");
  EXPECT_EQ(counts.value(0, 0), "4");
  EXPECT_EQ(counts.value(0, 1), "50");
  EXPECT_EQ(counts.value(0, 2), "line one\nline two");
  EXPECT_EQ(counts.value(0, 3), "back\\slash and \\. dot");
  EXPECT_EQ(counts.value(0, 4), "it's \"quoted\"");
  EXPECT_EQ(counts.value(0, 5), "1042");
}

TEST_P(ReplayPsql, MetaCommandsAreSkippedAndBadRowsFailTheCopy) {
  testing::TempFolder folder;
  std::string ok = folder.write("ok.sql", "\\set ON_ERROR_STOP on\n"
                                          "CREATE TABLE t (id int, note text);\n"
                                          "COPY t (id, note) FROM stdin;\n1\tone\n2\t\\N\n\\.\n"
                                          "\\echo done\nCOPY t FROM stdin;\n\\.\n"
                                          "SELECT 1 \\g\n");
  std::optional<ReplayFailure> failure;
  std::string conninfo = replay(ok, &failure);
  ASSERT_FALSE(failure) << failure->error.message;
  PgSession s(conninfo);
  EXPECT_EQ(s.query("SELECT count(*), count(note) FROM t").value(0, 0), "2");
  EXPECT_EQ(s.query("SELECT count(note) FROM t").value(0, 0), "1");
  sandbox_->drop_database(db_);
  db_.clear();

  // A row the table cannot take is the COPY's failure, reported at the COPY statement.
  std::string bad = folder.write("bad.sql", "CREATE TABLE t (id int);\n"
                                            "COPY t FROM stdin;\n1\nnot a number\n\\.\n");
  replay(bad, &failure);
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->location.line, 2);
  EXPECT_NE(failure->error.message.find("invalid input syntax for type integer"), std::string::npos)
      << failure->error.message;
}

INSTANTIATE_TEST_SUITE_P(Measured, ReplayPsql, ::testing::Bool());

} // namespace
} // namespace pgdrydock
