// The one PostgreSQL client: passwords never reach a message (valid and malformed connection
// strings, through the real CLI), the session settings are applied, notices reach the handler.
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "simulate/sandbox/dsn_redaction.h"
#include "simulate/sandbox/pg_client.h"
#include "simulate/sandbox/pg_session.h"
#include "simulate/sandbox/sandbox.h"
#include "tests/common/run_command.h"

namespace pgdrydock {
namespace {

constexpr const char* kSecret = "S3cret";

// Each form a user may type, valid or one libpq refuses (and then quotes back in its error).
const std::vector<std::string>& dsns_with_secret() {
  static const std::vector<std::string> dsns = {
      "postgresql://alice:S3cret%zz@127.0.0.1:1/db", // bad percent-escape
      "postgresql://alice:S3cret%00@127.0.0.1:1/db", // forbidden %00
      "postgresql://alice:S3cret@[127.0.0.1:1/db",   // unclosed IPv6 bracket
      "postgresql://alice:S3cret@127.0.0.1:1/db",    // valid, server unreachable
      "postgres://alice:S3cret@127.0.0.1:1/db",
      "postgresql://alice:S3%63ret@127.0.0.1:1/db", // percent-encoded 'c'
      "postgresql://127.0.0.1:1/db?password=S3cret%zz",
      "postgresql://alice:S3c@ret@127.0.0.1:1/db", // an unescaped '@' in the password
      "host=127.0.0.1 port=1 user=alice password=S3cret dbname=db",
      "host=127.0.0.1 port=1 user=alice password='S3cret' dbname=db",
      "host=127.0.0.1 port=1 password='S3cret",          // unterminated quote
      "host=127.0.0.1 port=1 password S3cret",           // missing '='
      "dbname=postgresql://alice:S3cret@127.0.0.1:1/db", // dbname expanded as a URI
      "'postgresql://alice:S3cret%zz@127.0.0.1:1/db'",   // shell quotes kept by mistake
      " postgresql://alice:S3cret@127.0.0.1:1/db",       // a leading blank
  };
  return dsns;
}

TEST(DsnRedaction, KeepsTheServerAndMasksThePassword) {
  EXPECT_EQ(redact_dsn("postgresql://alice:S3cret@db.example:5433/app"),
            "postgresql://alice:***@db.example:5433/app");
  EXPECT_EQ(redact_dsn("host=h password='a b' dbname=d"), "host=h password=*** dbname=d");
  EXPECT_EQ(redact_dsn("postgresql://h/db?sslmode=require&password=x&user=u"),
            "postgresql://h/db?sslmode=require&password=***&user=u");
  EXPECT_EQ(redact_dsn("postgresql://alice@h:5432/db"), "postgresql://alice@h:5432/db");
  EXPECT_EQ(redact_dsn("host=h sslpassword=k3y sslkey=/c.key"),
            "host=h sslpassword=*** sslkey=/c.key");
  EXPECT_EQ(redact_dsn("postgresql://h/db?sslpassword=k3y"), "postgresql://h/db?sslpassword=***");
  EXPECT_EQ(redact_dsn("host=/tmp/sock port=5 dbname=x"), "host=/tmp/sock port=5 dbname=x");
}

TEST(DsnRedaction, NoFormLeavesThePasswordInTheRedactedText) {
  for (const auto& dsn : dsns_with_secret()) {
    const std::string redacted = redact_dsn(dsn);
    EXPECT_EQ(redacted.find("S3c"), std::string::npos) << dsn << " -> " << redacted;
    EXPECT_NE(redacted.find("***"), std::string::npos) << dsn << " -> " << redacted;
  }
}

TEST(DsnRedaction, ScrubsWhatLibpqQuotesBack) {
  const std::string dsn = "postgresql://alice:S3%63ret@h/db";
  const std::string message =
      redact_message("bad token \"S3%63ret\", decoded \"S3cret\", string \"" + dsn + "\"", dsn);
  EXPECT_EQ(message.find("S3"), std::string::npos) << message;
  EXPECT_NE(message.find("postgresql://alice:***@h/db"), std::string::npos) << message;
}

TEST(PgClient, ConnectErrorsNeverCarryThePassword) {
  for (const auto& dsn : dsns_with_secret()) {
    for (int kind = 0; kind < 2; ++kind) {
      try {
        if (kind == 0)
          PgClient client(dsn);
        else
          PgSession session(dsn);
        ADD_FAILURE() << "connected to " << dsn;
      } catch (const ErrorException& e) {
        const std::string message = e.what();
        EXPECT_EQ(message.find(kSecret), std::string::npos) << message;
        EXPECT_EQ(message.rfind("cannot connect to ", 0), 0u) << message;
        // "S3c@ret": libpq took "ret@127.0.0.1" for the host and quoted it back.
        EXPECT_EQ(message.find("ret@"), std::string::npos) << message;
      }
    }
  }
}

// Through the real executable: everything it prints, for each form, both commands that take
// --dsn. The password appears nowhere, and the failure is a usage/input error (2).
TEST(PgClientCli, StatsAndSimulateNeverPrintThePassword) {
  const std::string migration = std::string(PGDRYDOCK_TEST_DIR) + "/one_table.sql";
  for (const auto& dsn : dsns_with_secret()) {
    const auto stats = test::run_argv({PGDRYDOCK_BINARY, "stats", "--dsn", dsn});
    EXPECT_EQ(stats.exit_code, 2) << dsn << "\n" << stats.output;
    EXPECT_EQ(stats.output.find(kSecret), std::string::npos) << stats.output;
    EXPECT_NE(stats.output.find("***"), std::string::npos) << stats.output;
    const auto simulate = test::run_argv({PGDRYDOCK_BINARY, "simulate", "--dsn", dsn, migration});
    EXPECT_NE(simulate.exit_code, 0) << dsn << "\n" << simulate.output;
    EXPECT_EQ(simulate.output.find(kSecret), std::string::npos) << simulate.output;
  }
}

class PgClientServer : public ::testing::Test {
protected:
  static void SetUpTestSuite() { sandbox_ = Sandbox::start({}).release(); }
  static void TearDownTestSuite() {
    delete sandbox_;
    sandbox_ = nullptr;
  }
  static std::string conninfo() { return sandbox_->conninfo("postgres"); }
  static Sandbox* sandbox_;
};
Sandbox* PgClientServer::sandbox_ = nullptr;

PgSessionSettings timeouts() {
  PgSessionSettings settings;
  settings.statement_timeout_ms = 120000;
  settings.lock_timeout_ms = 1500;
  settings.application_name = "pgclient-test";
  return settings;
}

TEST_F(PgClientServer, ClientAppliesTheSessionSettings) {
  PgClient client(conninfo(), timeouts());
  EXPECT_EQ(client.exec("SHOW statement_timeout")[0][0].as<std::string>(), "2min");
  EXPECT_EQ(client.exec("SHOW lock_timeout")[0][0].as<std::string>(), "1500ms");
  EXPECT_EQ(client.exec("SHOW application_name")[0][0].as<std::string>(), "pgclient-test");
  // Without settings, the server's defaults stand.
  PgClient plain(conninfo());
  EXPECT_EQ(plain.exec("SHOW statement_timeout")[0][0].as<std::string>(), "0");
}

TEST_F(PgClientServer, SessionAppliesTheSessionSettings) {
  PgSession session(conninfo(), timeouts());
  EXPECT_EQ(session.query("SHOW statement_timeout").value(0, 0), "2min");
  EXPECT_EQ(session.query("SHOW lock_timeout").value(0, 0), "1500ms");
  // The lock_timeout is in force: a second session waits for a lock at most that long.
  PgSession holder(conninfo());
  ASSERT_FALSE(holder.exec("CREATE TABLE IF NOT EXISTS held (a int)"));
  ASSERT_FALSE(holder.exec("BEGIN; LOCK TABLE held IN ACCESS EXCLUSIVE MODE"));
  auto error = session.exec("SELECT * FROM held");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->sqlstate, "55P03") << error->message; // lock_not_available
  holder.exec("ROLLBACK; DROP TABLE held");
}

TEST_F(PgClientServer, NoticesOfBothKindsOfConnectionReachTheHandler) {
  std::vector<std::string> seen;
  NoticeHandler previous =
      set_notice_handler([&seen](const std::string& notice) { seen.push_back(notice); });
  {
    PgClient client(conninfo());
    client.exec("DO $$ BEGIN RAISE NOTICE 'from the client'; END $$");
    PgSession session(conninfo());
    ASSERT_FALSE(session.exec("DO $$ BEGIN RAISE NOTICE 'from the session'; END $$"));
  }
  set_notice_handler(previous);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_NE(seen[0].find("from the client"), std::string::npos) << seen[0];
  EXPECT_NE(seen[1].find("from the session"), std::string::npos) << seen[1];
  EXPECT_NE(seen[0].back(), '\n');
  // With the default (empty) handler they are dropped, not printed.
  PgClient quiet(conninfo());
  quiet.exec("DO $$ BEGIN RAISE NOTICE 'dropped'; END $$");
  EXPECT_EQ(seen.size(), 2u);
}

} // namespace
} // namespace pgdrydock
