// The sandbox against a real PostgreSQL: start, connect, settings, databases, stop, cleanup
// after signals, --dsn mode.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "lint/support/process_runner.h"
#include "simulate/sandbox/conninfo.h"
#include "simulate/sandbox/dsn_redaction.h"
#include "simulate/sandbox/pg_binaries.h"
#include "simulate/sandbox/pg_client.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/sandbox/temp_dir.h"

namespace pgdrydock {
namespace {

namespace fs = std::filesystem;

bool process_gone(pid_t pid) {
  return kill(pid, 0) != 0 && errno == ESRCH;
}

// Waits (bounded) for a process we are not the parent of to disappear.
bool wait_gone(pid_t pid, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (!process_gone(pid)) {
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

uid_t process_uid(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (status >> key) {
    if (key == "Uid:") {
      uid_t uid = 0;
      status >> uid;
      return uid;
    }
  }
  return static_cast<uid_t>(-1);
}

std::string query_one(const std::string& conninfo, const std::string& sql) {
  PgClient c(conninfo);
  pqxx::nontransaction tx(c.connection());
  return tx.exec(sql)[0][0].as<std::string>();
}

std::set<std::string> database_names(const std::string& conninfo) {
  PgClient c(conninfo);
  pqxx::nontransaction tx(c.connection());
  std::set<std::string> names;
  for (const auto& row : tx.exec("SELECT datname FROM pg_database"))
    names.insert(row[0].c_str());
  return names;
}

TEST(PgBinaries, ParsesTheVersionLine) {
  EXPECT_EQ(parse_postgres_version("postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n"),
            "15.18");
  EXPECT_EQ(parse_postgres_version("postgres (PostgreSQL) 17devel"), "17");
  EXPECT_EQ(parse_postgres_version("something else"), "");
}

TEST(PgBinaries, FindsTheInstalledServer) {
  PgBinaries bins = find_pg_binaries("");
  EXPECT_TRUE(fs::exists(bins.program("initdb")));
  EXPECT_GE(bins.major, 10);
  EXPECT_FALSE(bins.found_by.empty());
}

TEST(PgBinaries, RejectsAFolderWithoutServerPrograms) {
  try {
    find_pg_binaries("/usr/share");
    FAIL() << "expected ErrorException";
  } catch (const ErrorException& e) {
    EXPECT_NE(std::string(e.what()).find("--pg-bin /usr/share"), std::string::npos) << e.what();
  }
}

TEST(Conninfo, MasksPasswordsInBothSyntaxes) {
  std::string masked = redact_dsn("postgresql://ci:s3cret@db.example:5433/app");
  EXPECT_EQ(masked.find("s3cret"), std::string::npos);
  EXPECT_NE(masked.find("***"), std::string::npos);
  EXPECT_NE(masked.find("db.example"), std::string::npos);
  EXPECT_EQ(redact_dsn("host=x password='a b' dbname=y").find("a b"), std::string::npos);
  EXPECT_NE(conninfo_with_database("postgresql://ci@h/app", "other").find("dbname='other'"),
            std::string::npos);
}

TEST(Sandbox, StartsConnectsAndRemovesEverythingOnStop) {
  auto sandbox = Sandbox::start({});
  const std::string folder = sandbox->folder();
  const pid_t pid = sandbox->postmaster_pid();
  ASSERT_GT(pid, 0);
  struct stat st {};
  ASSERT_EQ(stat(folder.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  EXPECT_EQ(query_one(sandbox->conninfo(), "SELECT 6 * 7"), "42");
  EXPECT_EQ(query_one(sandbox->conninfo(), "SHOW listen_addresses"), "");
  EXPECT_EQ(query_one(sandbox->conninfo(), "SHOW unix_socket_directories"), folder);
  EXPECT_EQ(sandbox->server_major_version(), find_pg_binaries("").major);
  EXPECT_EQ(sandbox->server_version(), find_pg_binaries("").version);
  EXPECT_EQ(sandbox->working_database(), "postgres");
  EXPECT_NE(sandbox->describe().find(folder), std::string::npos);

  sandbox->stop();
  EXPECT_TRUE(process_gone(pid));
  EXPECT_FALSE(fs::exists(folder));
  sandbox->stop(); // idempotent
}

TEST(Sandbox, RunsTheServerAsThePostgresUserWhenRoot) {
  auto sandbox = Sandbox::start({});
  const uid_t server_uid = process_uid(sandbox->postmaster_pid());
  if (geteuid() == 0) {
    auto postgres = lookup_user("postgres");
    ASSERT_TRUE(postgres.has_value());
    EXPECT_EQ(server_uid, postgres->uid);
    struct stat st {};
    ASSERT_EQ(stat((sandbox->folder() + "/data").c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, postgres->uid);
  } else {
    EXPECT_EQ(server_uid, geteuid());
  }
}

TEST(Sandbox, RootWithoutTheNamedUserSaysWhatToDo) {
  SandboxOptions options;
  options.pg_user = "pgdrydock_no_such_user";
  if (geteuid() != 0) {
    // Not root: PostgreSQL runs as we do and --pg-user has nothing to switch to.
    EXPECT_NO_THROW(Sandbox::start(options));
    return;
  }
  try {
    Sandbox::start(options);
    FAIL() << "expected ErrorException";
  } catch (const ErrorException& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("pgdrydock_no_such_user"), std::string::npos) << message;
    EXPECT_NE(message.find("useradd"), std::string::npos) << message;
    EXPECT_NE(message.find("--pg-user"), std::string::npos) << message;
  }
}

TEST(Sandbox, WarmStartCopiesTheCachedTemplate) {
  const std::string cache = make_private_temp_dir("pgdrydock-test-cache-", false);
  SandboxOptions options;
  options.cache_dir = cache;
  {
    auto cold = Sandbox::start(options);
    EXPECT_FALSE(cold->started_from_template());
    EXPECT_TRUE(fs::exists(fs::path(cache) / ("template-pg" + cold->server_version()) / "data" /
                           "PG_VERSION"));
  }
  {
    auto warm = Sandbox::start(options);
    EXPECT_TRUE(warm->started_from_template());
    EXPECT_EQ(query_one(warm->conninfo(), "SELECT count(*) FROM pg_database WHERE datname = "
                                          "'template1'"),
              "1");
  }
  options.use_template_cache = false;
  auto uncached = Sandbox::start(options);
  EXPECT_FALSE(uncached->started_from_template());
  remove_tree(cache);
}

TEST(Sandbox, PhasesSwitchDurabilitySettingsWithoutRestart) {
  auto sandbox = Sandbox::start({});
  const pid_t pid = sandbox->postmaster_pid();
  EXPECT_EQ(query_one(sandbox->conninfo(), "SHOW fsync"), "off");
  EXPECT_EQ(query_one(sandbox->conninfo(), "SHOW full_page_writes"), "off");
  sandbox->set_phase(SandboxPhase::Replaying);
  EXPECT_EQ(query_one(sandbox->conninfo(), "SHOW fsync"), "on");
  EXPECT_EQ(query_one(sandbox->conninfo(), "SHOW synchronous_commit"), "on");
  EXPECT_EQ(query_one(sandbox->conninfo(), "SHOW full_page_writes"), "on");
  EXPECT_EQ(query_one(sandbox->conninfo(), "SHOW autovacuum"), "off");
  EXPECT_EQ(sandbox->postmaster_pid(), pid);
}

TEST(Sandbox, CopiesADatabaseAsATemplate) {
  auto sandbox = Sandbox::start({});
  const std::string base = sandbox->fresh_database_name("base");
  sandbox->create_database(base, "template0");
  {
    PgClient c(sandbox->conninfo(base));
    pqxx::work tx(c.connection());
    tx.exec("CREATE TABLE users(id int); INSERT INTO users SELECT generate_series(1, 100)");
    tx.commit();
  }
  const std::string copy = sandbox->fresh_database_name("copy");
  sandbox->create_database(copy, base);
  EXPECT_EQ(query_one(sandbox->conninfo(copy), "SELECT count(*) FROM users"), "100");
  sandbox->drop_database(copy);
  EXPECT_EQ(database_names(sandbox->conninfo()).count(copy), 0u);
  EXPECT_THROW(sandbox->drop_database("postgres"), ErrorException);
}

// A child process starts a sandbox and is then terminated by a signal: the handler must stop
// the postmaster and remove the folder before the process exits.
TEST(Sandbox, SigtermToItsProcessLeavesNoOrphanAndNoFolder) {
  int report[2];
  ASSERT_EQ(pipe(report), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(report[0]);
    install_sandbox_signal_cleanup();
    auto sandbox = Sandbox::start({});
    std::string info = std::to_string(sandbox->postmaster_pid()) + " " + sandbox->folder() + "\n";
    [[maybe_unused]] auto n = write(report[1], info.data(), info.size());
    for (;;)
      pause();
  }
  close(report[1]);
  char buffer[512] = {};
  ssize_t n = read(report[0], buffer, sizeof buffer - 1);
  close(report[0]);
  ASSERT_GT(n, 0) << "the child did not start a sandbox";
  pid_t postmaster = 0;
  char folder[400] = {};
  ASSERT_EQ(std::sscanf(buffer, "%d %399s", &postmaster, folder), 2);
  ASSERT_FALSE(process_gone(postmaster));

  kill(child, SIGTERM);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGTERM);
  EXPECT_TRUE(process_gone(postmaster));
  EXPECT_FALSE(fs::exists(folder));
}

// SIGKILL cannot be handled: the server still stops (parent-death signal) and the next start
// removes the abandoned folder.
TEST(Sandbox, SigkilledOwnerStillLeavesNoServerAndTheFolderIsSweptLater) {
  // A private TMPDIR: sandboxes started by tests running in parallel would sweep the
  // abandoned folder before this test looks at it.
  char base_template[] = "/tmp/pgdrydock-sweep-XXXXXX";
  ASSERT_NE(mkdtemp(base_template), nullptr);
  const std::string base = base_template;
  fs::permissions(base, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
  ASSERT_EQ(setenv("TMPDIR", base.c_str(), 1), 0);
  int report[2];
  ASSERT_EQ(pipe(report), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(report[0]);
    auto sandbox = Sandbox::start({});
    std::string info = std::to_string(sandbox->postmaster_pid()) + " " + sandbox->folder() + "\n";
    [[maybe_unused]] auto n = write(report[1], info.data(), info.size());
    for (;;)
      pause();
  }
  close(report[1]);
  char buffer[512] = {};
  ssize_t n = read(report[0], buffer, sizeof buffer - 1);
  close(report[0]);
  ASSERT_GT(n, 0);
  pid_t postmaster = 0;
  char folder[400] = {};
  ASSERT_EQ(std::sscanf(buffer, "%d %399s", &postmaster, folder), 2);

  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  EXPECT_TRUE(wait_gone(postmaster, 60)) << "postmaster " << postmaster << " outlived its owner";
  EXPECT_TRUE(fs::exists(folder));
  auto next = Sandbox::start({});
  EXPECT_FALSE(fs::exists(folder)) << "abandoned folder not swept";
  EXPECT_EQ(fs::path(folder).parent_path(), fs::path(base));
  next.reset();
  unsetenv("TMPDIR");
  fs::remove_all(base);
}

TEST(DsnSandbox, WorksInAScratchDatabaseAndLeavesTheServerAsItFoundIt) {
  auto server = Sandbox::start({});
  const std::set<std::string> before = database_names(server->conninfo());
  SandboxOptions options;
  options.dsn = server->conninfo("postgres") + " password=s3cret-pw";
  {
    auto scratch = Sandbox::start(options);
    EXPECT_FALSE(scratch->owns_server());
    EXPECT_EQ(scratch->postmaster_pid(), -1);
    EXPECT_EQ(scratch->working_database().rfind("pgdrydock_", 0), 0u);
    EXPECT_EQ(scratch->describe().find("s3cret-pw"), std::string::npos);
    EXPECT_EQ(query_one(scratch->conninfo(), "SELECT current_database()"),
              scratch->working_database());
    const std::string copy = scratch->fresh_database_name("m1");
    scratch->create_database(copy, scratch->working_database());
    EXPECT_EQ(database_names(server->conninfo()).count(copy), 1u);
    EXPECT_THROW(scratch->create_database("victim", "template0"), ErrorException);
    EXPECT_THROW(scratch->drop_database("postgres"), ErrorException);
    EXPECT_THROW(scratch->create_database(scratch->fresh_database_name("x"), "postgres"),
                 ErrorException);
    scratch->set_phase(SandboxPhase::Replaying); // not our server: a no-op
  }
  EXPECT_EQ(database_names(server->conninfo()), before);
}

TEST(DsnSandbox, AnUnreachableServerIsAClearError) {
  SandboxOptions options;
  options.dsn = "postgresql://nobody:hunter2@/postgres?host=/nonexistent-socket-dir";
  try {
    Sandbox::start(options);
    FAIL() << "expected ErrorException";
  } catch (const ErrorException& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("cannot connect"), std::string::npos) << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  }
}

} // namespace
} // namespace pgdrydock
