// The typed simulation results and their one JSON form (simulate/result/): the bundled examples
// simulated on a real server survive to_json -> from_json -> to_json unchanged, and carry the
// same keys as the JSON report written before the results were typed (fixtures/*.before.json,
// produced by `pgdrydock simulate --rows 50 --format json` on the untyped code; the sweep one
// with `--sizes 100,200,400 --target-rows resource_assignments=1M --target-rows
// projects=100k --max-duration 1h`).
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "lint/migration.h"
#include "reports/json_report.h"
#include "simulate/estimate/sweep.h"
#include "simulate/result/simulation_json.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/simulator.h"

namespace pgdrydock {
namespace {

using nlohmann::json;

json read_fixture(const std::string& name) {
  std::ifstream in(std::string(PGDRYDOCK_TEST_DIR) + "/fixtures/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

// Every key path of a document ("migrations[].simulation.seed.rows"); object keys under
// "tables" are table names, not keys of the contract, so they are left out.
void key_paths(const json& j, const std::string& at, std::set<std::string>& out) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      out.insert(at + "." + key);
      if (key != "tables")
        key_paths(value, at + "." + key, out);
    }
  } else if (j.is_array()) {
    for (const auto& value : j)
      key_paths(value, at + "[]", out);
  }
}

std::set<std::string> key_paths(const json& j) {
  std::set<std::string> out;
  key_paths(j, "", out);
  return out;
}

// The same result with its simulation parts read back from `written` (the lint parts are
// copied: the typed tree under test is simulate's).
LintResult reread(LintResult result, const json& written) {
  for (std::size_t m = 0; m < result.migrations.size(); ++m) {
    MigrationResult& migration = result.migrations[m];
    const json& jm = written["migrations"][m];
    migration.simulation = jm.contains("simulation")
                               ? std::optional(jm["simulation"].get<MigrationSimulation>())
                               : std::nullopt;
    for (std::size_t s = 0; s < migration.scripts.size(); ++s)
      for (std::size_t i = 0; i < migration.scripts[s].statements.size(); ++i)
        migration.scripts[s].statements[i].measured =
            observation_of_statement(jm["scripts"][s]["statements"][i]);
  }
  return result;
}

// Keys added to the contract after the fixtures were written, each deliberately (extended,
// never renamed): what the session holds per relation after a statement (issue 16).
const std::set<std::string> kAddedKeys = {
    ".migrations[].scripts[].statements[].locks",
    ".migrations[].scripts[].statements[].locks[].relation",
    ".migrations[].scripts[].statements[].locks[].kind",
    ".migrations[].scripts[].statements[].locks[].held",
    ".migrations[].scripts[].statements[].locks[].acquired",
    ".migrations[].scripts[].statements[].locks[].created",
    ".migrations[].scripts[].statements[].locks[].belongs_to",
    ".migrations[].scripts[].statements[].effects[].why",   // issue 16: why a relation is locked
    ".migrations[].scripts[].statements[].inside_do_line"}; // issue 22: a DO block's statements

// The written JSON without what varies between runs of the same history (scratch database
// names, timings are values and so are not compared here).
void expect_round_trip(const LintResult& result, const std::string& fixture) {
  const json first = to_json(result);
  const json second = to_json(reread(result, first));
  EXPECT_EQ(first, second) << "differs after to_json -> from_json -> to_json";

  // Same keys as the report had before its simulation parts were typed (nothing renamed or
  // dropped; additions would show here too and must be deliberate).
  const std::set<std::string> before = key_paths(read_fixture(fixture));
  const std::set<std::string> now = key_paths(first);
  for (const auto& key : before)
    EXPECT_TRUE(now.count(key)) << key << " missing (was in " << fixture << ")";
  for (const auto& key : now)
    EXPECT_TRUE(before.count(key) || kAddedKeys.count(key))
        << key << " is new (not in " << fixture << ")";
  // A replayed statement says what its session holds, per relation.
  for (const char* key : {".migrations[].scripts[].statements[].locks[].held",
                          ".migrations[].scripts[].statements[].locks[].acquired"})
    EXPECT_TRUE(now.count(key)) << key << " missing";
}

class ResultJson : public ::testing::Test {
protected:
  static void SetUpTestSuite() { sandbox_ = Sandbox::start({}).release(); }
  static void TearDownTestSuite() {
    delete sandbox_;
    sandbox_ = nullptr;
  }

  static LintResult simulate_example(const std::string& example, SimulateOptions* options) {
    MigrationSet set =
        load_migrations({std::string(PGDRYDOCK_SOURCE_DIR) + "/examples/" + example}, {});
    EXPECT_TRUE(set.errors.empty());
    options->lint.pg_version = sandbox_->server_major_version();
    options->seed.default_rows = 50;
    return simulate_migrations(set, *sandbox_, *options);
  }

  static Sandbox* sandbox_;
};
Sandbox* ResultJson::sandbox_ = nullptr;

TEST_F(ResultJson, GolangMigrateExampleRoundTrips) {
  SimulateOptions options;
  LintResult r = simulate_example("golang-migrate", &options);
  ASSERT_EQ(r.migrations.size(), 8u);
  expect_round_trip(r, "golang-migrate.before.json");
}

TEST_F(ResultJson, DbmateExampleRoundTrips) {
  SimulateOptions options;
  LintResult r = simulate_example("dbmate", &options);
  ASSERT_EQ(r.migrations.size(), 3u);
  expect_round_trip(r, "dbmate.before.json");
}

TEST_F(ResultJson, DbmateSweepWithEstimatesAndBudgetRoundTrips) {
  MigrationSet set = load_migrations({std::string(PGDRYDOCK_SOURCE_DIR) + "/examples/dbmate"}, {});
  SimulateOptions options;
  options.lint.pg_version = sandbox_->server_major_version();
  SweepOptions sweep;
  sweep.sizes = {100, 200, 400};
  sweep.target_rows = {{"resource_assignments", 1e6}, {"projects", 1e5}};
  LintResult r = simulate_sweep(set, *sandbox_, options, sweep);
  Budget budget;
  budget.max_duration_seconds = 3600;
  apply_budget(r, budget);
  ASSERT_EQ(r.migrations.size(), 3u);
  ASSERT_TRUE(r.migrations[2].simulation && r.migrations[2].simulation->scale_model);
  expect_round_trip(r, "dbmate-sweep.before.json");
}

const std::set<std::string> kLintKeys = {"location",       "text",    "kind",
                                         "in_transaction", "effects", "findings"};

// The JSON the untyped code wrote reads into the types and writes back identically, values
// included: the contract is the same, key for key.
TEST(ResultJsonFixtures, PreChangeReportsReadAndWriteBackUnchanged) {
  for (const char* name :
       {"golang-migrate.before.json", "dbmate.before.json", "dbmate-sweep.before.json"}) {
    const json report = read_fixture(name);
    int statements = 0;
    for (const auto& m : report["migrations"]) {
      ASSERT_TRUE(m.contains("simulation")) << name;
      EXPECT_EQ(json(m["simulation"].get<MigrationSimulation>()), m["simulation"]) << name;
      for (const auto& script : m["scripts"])
        for (const auto& st : script["statements"]) {
          const auto observation = observation_of_statement(st);
          if (!observation)
            continue;
          ++statements;
          const json written = *observation;
          for (const auto& [key, value] : written.items()) {
            if (!st.contains(key)) { // added since, empty when read from an older report
              EXPECT_TRUE(kAddedKeys.count(".migrations[].scripts[].statements[]." + key))
                  << name << " " << key;
              EXPECT_TRUE(value.empty()) << name << " " << key;
              continue;
            }
            EXPECT_EQ(value, st[key]) << name << " " << key << " of " << st["text"];
          }
          // Every other key of the statement is lint's: no observation key is dropped.
          for (const auto& [key, value] : st.items())
            EXPECT_TRUE(written.contains(key) || kLintKeys.count(key)) << name << " " << key;
        }
    }
    EXPECT_GT(statements, 5) << name;
  }
}

} // namespace
} // namespace pgdrydock
