// `pgdrydock simulate --alembic` end to end on the sandbox, through the built executable:
// rendered revisions are replayed statement by statement, a revision that cannot render
// offline runs online (upgrade, downgrade, upgrade again) as one timed step, and the schema
// state after it feeds the revisions that follow.
#include <gtest/gtest.h>

#include "tests/alembic/run_cli.h"

namespace pgdrydock::alembic_test {
namespace {

const nlohmann::json* migration(const nlohmann::json& report, const std::string& version) {
  for (const auto& m : report["migrations"])
    if (m["version"] == version)
      return &m;
  return nullptr;
}

bool mentions(const nlohmann::json& list, const std::string& needle) {
  for (const auto& item : list)
    if (item.get<std::string>().find(needle) != std::string::npos)
      return true;
  return false;
}

class AlembicCliSimulate : public ::testing::Test {
protected:
  // One simulation per project for the whole suite: each starts a sandbox and seeds data.
  static void SetUpTestSuite() {
    project_ = new CliRun(
        run_pgdrydock({"simulate", "--alembic", fixture_dir("alembic_project") + "/alembic.ini",
                       "--rows", "200", "--format", "json"}));
    online_ = new CliRun(
        run_pgdrydock({"simulate", "--alembic", fixture_dir("alembic_online") + "/alembic.ini",
                       "--rows", "200", "--format", "json"}));
  }
  static void TearDownTestSuite() {
    delete project_;
    delete online_;
  }
  static CliRun* project_;
  static CliRun* online_;
};
CliRun* AlembicCliSimulate::project_ = nullptr;
CliRun* AlembicCliSimulate::online_ = nullptr;

TEST_F(AlembicCliSimulate, TheFixtureProjectIsReplayedRevisionByRevision) {
  nlohmann::json report = project_->json();
  ASSERT_FALSE(report.is_discarded()) << project_->err;
  ASSERT_EQ(report["migrations"].size(), 9u) << project_->err; // 005 included: run online
  // Irreversible revisions fail the run's checks.
  EXPECT_EQ(project_->exit_code, 1) << project_->err;
  const nlohmann::json* schema = migration(report, "001_consolidated_schema");
  ASSERT_NE(schema, nullptr);
  EXPECT_FALSE(schema->at("simulation").contains("baseline_notes"));
  EXPECT_TRUE(schema->at("simulation")["error"].is_null()) << schema->dump();
  EXPECT_TRUE(schema->at("simulation")["reversible"].get<bool>()) << schema->dump();
  // Replayed statement by statement at the revision's lines.
  const auto& first = schema->at("scripts")[0]["statements"][0];
  EXPECT_TRUE(first["location"]["file"].get<std::string>().ends_with("001_consolidated_schema.py"));
  EXPECT_TRUE(first.contains("duration_ms"));
}

TEST_F(AlembicCliSimulate, TheRlsRevisionIsReportedIrreversible) {
  nlohmann::json report = project_->json();
  ASSERT_FALSE(report.is_discarded()) << project_->err;
  const nlohmann::json* rls = migration(report, "003_row_level_security");
  ASSERT_NE(rls, nullptr);
  const auto& sim = rls->at("simulation");
  EXPECT_TRUE(sim["error"].is_null()) << sim.dump();
  EXPECT_FALSE(sim["reversible"].get<bool>()) << sim.dump();
  // Its downgrade only disables RLS: both tables' policies stay behind.
  EXPECT_TRUE(mentions(sim["schema_diff"], "assets_tenant_isolation")) << sim.dump();
  EXPECT_TRUE(mentions(sim["schema_diff"], "discovery_flows_superuser")) << sim.dump();
  // 002 fails in its transaction (CREATE INDEX CONCURRENTLY without an autocommit block): it
  // is reported failed, and 003 is still simulated on the schema 002 means to build.
  const nlohmann::json* indexes = migration(report, "002_initial_indexes");
  ASSERT_NE(indexes, nullptr);
  EXPECT_EQ(indexes->at("simulation")["error"]["sqlstate"], "25001");
  ASSERT_TRUE(sim.contains("baseline_notes")) << sim.dump();
  EXPECT_TRUE(mentions(sim["baseline_notes"], "revision 002_initial_indexes fails in its "
                                              "transaction"));
}

TEST_F(AlembicCliSimulate, TheRoleDataMigrationRunsOnlineAsOneStep) {
  nlohmann::json report = project_->json();
  ASSERT_FALSE(report.is_discarded()) << project_->err;
  const nlohmann::json* roles = migration(report, "005_migrate_user_roles");
  ASSERT_NE(roles, nullptr);
  const auto& sim = roles->at("simulation");
  ASSERT_TRUE(sim.contains("online")) << sim.dump();
  EXPECT_NE(sim["online"]["reason"].get<std::string>().find("op.get_bind()"), std::string::npos);
  const auto& up = roles->at("scripts")[0];
  ASSERT_EQ(up["statements"].size(), 1u);
  EXPECT_EQ(up["statements"][0]["text"], "alembic upgrade 005_migrate_user_roles");
  EXPECT_EQ(up["statements"][0]["location"]["line"], 18); // def upgrade()
  // It ran online against the sandbox, and failed as it would in production: op.add_column
  // with an sa.Enum does not create the PostgreSQL type. The failure names the revision's
  // line and PostgreSQL's error.
  const auto& error = sim["error"];
  ASSERT_TRUE(error.is_object()) << sim.dump();
  EXPECT_EQ(error["direction"], "up");
  EXPECT_TRUE(error["location"]["file"].get<std::string>().ends_with("005_migrate_user_roles.py"));
  EXPECT_EQ(error["location"]["line"], 20); // the op.add_column call
  EXPECT_EQ(error["sqlstate"], "42704") << error.dump();
  EXPECT_EQ(error["message"], "UndefinedObject: type \"user_role_new\" does not exist");
  EXPECT_EQ(error["statement"], "ALTER TABLE users ADD COLUMN role_new user_role_new");
  // Not "skipped" in a simulation: it was simulated.
  for (const auto& s : report["skipped"])
    EXPECT_EQ(s["path"].get<std::string>().find("005_migrate_user_roles"), std::string::npos);
  // The revisions after it have no schema to start from, and say why.
  const nlohmann::json* after = migration(report, "006_add_email_verification");
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(after->at("simulation")["error"]["message"].get<std::string>().rfind(
                "baseline: revision 005_migrate_user_roles fails online", 0),
            0u)
      << after->dump();
}

TEST_F(AlembicCliSimulate, AnOnlineRevisionIsTimedCheckedAndFeedsTheNextOne) {
  nlohmann::json report = online_->json();
  ASSERT_FALSE(report.is_discarded()) << online_->err;
  EXPECT_EQ(online_->exit_code, 0) << online_->out << online_->err;
  ASSERT_EQ(report["migrations"].size(), 3u);
  const nlohmann::json* n2 = migration(report, "n2");
  ASSERT_NE(n2, nullptr);
  const auto& sim = n2->at("simulation");
  EXPECT_TRUE(sim["error"].is_null()) << sim.dump();
  EXPECT_TRUE(sim["reversible"].get<bool>()) << sim.dump();
  EXPECT_FALSE(sim["lossy"].get<bool>()) << sim.dump();
  EXPECT_GT(sim["online"]["upgrade_ms"].get<double>(), 0.0);
  EXPECT_GT(sim["online"]["downgrade_ms"].get<double>(), 0.0);
  EXPECT_EQ(sim["seed"]["tables"]["public.users"], 200);
  ASSERT_EQ(n2->at("scripts").size(), 2u);
  const auto& down = n2->at("scripts")[1]["statements"][0];
  EXPECT_EQ(down["text"], "alembic downgrade n2");
  EXPECT_EQ(down["location"]["line"], 21); // def downgrade()
  EXPECT_TRUE(down["online"].get<bool>());
  EXPECT_GT(down["duration_ms"].get<double>(), 0.0);
  // n3 indexes n2's column: its baseline holds what n2 did online. Its statements are SQL,
  // measured one by one.
  const nlohmann::json* n3 = migration(report, "n3");
  ASSERT_NE(n3, nullptr);
  EXPECT_TRUE(n3->at("simulation")["error"].is_null()) << n3->dump();
  const auto& index = n3->at("scripts")[0]["statements"][0];
  EXPECT_EQ(index["text"].get<std::string>().rfind("CREATE INDEX ix_users_is_admin", 0), 0u);
  EXPECT_FALSE(index.contains("online"));
  EXPECT_TRUE(report["skipped"].empty());
}

TEST(AlembicCliSimulateOptions, OnlyCanSelectTheOnlineRevision) {
  CliRun run =
      run_pgdrydock({"simulate", "--alembic", fixture_dir("alembic_online") + "/alembic.ini",
                     "--only", "n2", "--rows", "50", "--format", "json"});
  nlohmann::json report = run.json();
  ASSERT_FALSE(report.is_discarded()) << run.err;
  ASSERT_EQ(report["migrations"].size(), 1u);
  EXPECT_EQ(report["migrations"][0]["version"], "n2");
  EXPECT_TRUE(report["migrations"][0]["simulation"]["reversible"].get<bool>()) << run.out;
  EXPECT_EQ(run.exit_code, 0) << run.err;
}

TEST(AlembicCliSimulateOptions, SizeSweepsDoNotYetTakeOnlineRevisions) {
  CliRun run =
      run_pgdrydock({"simulate", "--alembic", fixture_dir("alembic_online") + "/alembic.ini",
                     "--sizes", "100,1000"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("n2"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("--sizes"), std::string::npos) << run.err;
}

} // namespace
} // namespace pgdrydock::alembic_test
