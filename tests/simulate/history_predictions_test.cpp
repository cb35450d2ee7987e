// Simulate lints the migrations together, so a migration's predicted locks know the schema the
// earlier migrations built: dropping a foreign key also locks the table it references, which
// only the history can tell, and the observed locks then match the prediction.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "simulate/result/simulation_json.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/simulator.h"

namespace pgdrydock {
namespace {

TEST(SimulateHistory, ForeignKeyDropPredictsTheReferencedTableLock) {
  auto sandbox = Sandbox::start({});
  MigrationSet set =
      load_migrations({std::string(PGDRYDOCK_SOURCE_DIR) + "/examples/golang-migrate"}, {});
  ASSERT_TRUE(set.errors.empty());
  SimulateOptions options;
  options.lint.pg_version = sandbox->server_major_version();
  options.seed.default_rows = 50;
  options.only = {"7"}; // adds user_preferences and users' FK to it; the down drops the FK
  LintResult r = simulate_migrations(set, *sandbox, options);
  ASSERT_EQ(r.migrations.size(), 1u);
  const MigrationResult& m = r.migrations[0];
  ASSERT_TRUE(json_or_null(m.simulation)["error"].is_null()) << json_or_null(m.simulation).dump(2);

  const StatementResult* drop_fk = nullptr;
  for (const ScriptResult& s : m.scripts)
    if (s.direction == Direction::Down)
      for (const StatementResult& st : s.statements)
        if (st.text.find("DROP CONSTRAINT fk_users_preferences") != std::string::npos)
          drop_fk = &st;
  ASSERT_NE(drop_fk, nullptr);
  bool predicts_referenced = false;
  for (const Effect& e : drop_fk->effects)
    if (e.relation == "migration.user_preferences")
      predicts_referenced = true;
  EXPECT_TRUE(predicts_referenced) << "the history says the FK references user_preferences";
  const nlohmann::json mismatch = json_or_null(drop_fk->measured)["mismatch"];
  EXPECT_TRUE(mismatch.is_null() || mismatch.empty()) << mismatch.dump(2);
}

} // namespace
} // namespace pgdrydock
