// Each renderer on a hand-built result: the exact shapes editors, CI and scripts depend on,
// with the awkward bytes (quotes, %, newlines, <&>) that break naive renderers.
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "golden.h"
#include "reports/builtin_renderers.h"
#include "reports/json_report.h"
#include "reports/report_format.h"
#include "simulate/result/simulation_json.h"

namespace pgdrydock::test {
namespace {

Finding make_finding(std::string rule, Severity severity, std::string file, int line, int column,
                     std::string message, std::string recipe) {
  return Finding{std::move(rule), severity, SourceLocation{std::move(file), line, column},
                 std::move(message), std::move(recipe)};
}

// Two migrations, findings of every severity, a migration-level finding, a skipped file, an
// input error, and simulate's measurements: every branch of every renderer has something.
LintResult handmade_result() {
  LintResult r;
  r.pg_version = 13;

  MigrationResult m1;
  m1.version = "0042";
  m1.name = "add_index";
  m1.layout = Layout::GolangMigrate;
  m1.runner = "golang-migrate";
  m1.has_down = true;
  ScriptResult up;
  up.direction = Direction::Up;
  up.file = "db/0042_add_index.up.sql";
  up.mode = TransactionMode::ImplicitMulti;
  up.mode_reason = "golang-migrate sends the file as one multi-statement query";
  up.statement_count = 2;
  StatementResult s1;
  s1.location = {up.file, 3, 1};
  s1.text = "CREATE INDEX orders_customer_idx\n  ON orders (customer_id);";
  s1.kind = "IndexStmt";
  s1.in_transaction = true;
  s1.effects.push_back(Effect{"public.orders", RelationKind::Table, LockMode::Share, false, true,
                              false, "index build reads the whole table", ""});
  s1.effects.push_back(Effect{"public.orders_customer_idx", RelationKind::Index,
                              LockMode::AccessExclusive, false, false, true, "", "new index"});
  s1.findings.push_back(make_finding("require-concurrent-index-creation", Severity::Warning,
                                     up.file, 3, 1,
                                     "CREATE INDEX blocks writes to \"public.orders\" while it "
                                     "builds",
                                     "CREATE INDEX CONCURRENTLY orders_customer_idx\n  ON orders "
                                     "(customer_id);"));
  // Simulate's typed observation of the statement (the only way measurements reach a report).
  StatementObservation seen1;
  seen1.observed.push_back({"public.orders", false, "ShareLock", false, "table"});
  seen1.duration_ms = 12.5;
  s1.measured = seen1;
  up.statements.push_back(s1);
  StatementResult s2;
  s2.location = {up.file, 6, 3};
  s2.text = "UPDATE orders SET flag = true;";
  s2.kind = "UpdateStmt";
  s2.in_transaction = true;
  s2.effects.push_back(Effect{"public.orders", RelationKind::Table, LockMode::RowExclusive, false,
                              false, false, "", ""});
  s2.findings.push_back(make_finding("unbatched-backfill", Severity::Error, up.file, 6, 3,
                                     "UPDATE of every row: 50% of <big> tables & more\nin one "
                                     "transaction",
                                     ""));
  up.statements.push_back(s2);
  m1.scripts.push_back(up);
  ScriptResult down;
  down.direction = Direction::Down;
  down.file = "db/0042_add_index.down.sql";
  down.mode = TransactionMode::ImplicitMulti;
  down.statement_count = 1;
  StatementResult s3;
  s3.location = {down.file, 1, 1};
  s3.text = "DROP INDEX orders_customer_idx;\n-- 1\n-- 2\n-- 3\n-- 4\n-- 5\n-- 6\n-- 7";
  s3.kind = "DropStmt";
  s3.effects.push_back(Effect{"public.orders", RelationKind::Table, LockMode::AccessExclusive,
                              false, false, false, "", ""});
  s3.findings.push_back(make_finding("require-concurrent-index-deletion", Severity::Info, down.file,
                                     1, 1, "DROP INDEX blocks reads and writes", ""));
  down.statements.push_back(s3);
  m1.scripts.push_back(down);
  MigrationSimulation sim1; // a size sweep's sizes, typed like every simulation result
  sim1.reversible = true;
  sim1.sizes = {1000, 100000};
  m1.simulation = sim1;
  r.migrations.push_back(m1);

  MigrationResult m2;
  m2.version = "0043";
  m2.name = "weird, name";
  m2.layout = Layout::GolangMigrate;
  m2.runner = "golang-migrate";
  ScriptResult up2;
  up2.file = "db/0043_weird, name.up.sql";
  up2.mode = TransactionMode::ImplicitMulti;
  up2.statement_count = 1;
  m2.scripts.push_back(up2); // its statement had no findings and was not kept
  m2.findings.push_back(
      make_finding("missing-down", Severity::Info, up2.file, 0, 0, "no down migration", ""));
  r.migrations.push_back(m2);

  r.skipped.push_back(SkippedFile{"db/0044_seed.up.go", "Go migration (.up.go): not SQL"});
  r.errors.push_back(Error{"db/0045_bad.up.sql", 2, 7, "invalid UTF-8 byte 0xe9"});
  r.summary = summarize(r);
  return r;
}

std::string render(const std::string& format, const LintResult& result, bool color = false) {
  const ReportRenderer* renderer = find_renderer(format);
  EXPECT_NE(renderer, nullptr) << format;
  if (!renderer)
    return {};
  std::ostringstream out;
  renderer->render(result, RenderOptions{color, false}, out);
  return out.str();
}

TEST(ReportFormats, EveryBuiltInRendererIsRegistered) {
  EXPECT_TRUE(ensure_builtin_renderers_linked());
  for (const char* name : {"text", "gcc", "json", "sarif", "github", "junit", "gitlab"})
    EXPECT_NE(find_renderer(name), nullptr) << name;
}

TEST(ReportFormats, GccIsOneExactLinePerFinding) {
  EXPECT_EQ(render("gcc", handmade_result()),
            "db/0042_add_index.up.sql:3:1: warning: CREATE INDEX blocks writes to "
            "\"public.orders\" while it builds [require-concurrent-index-creation]\n"
            "db/0042_add_index.up.sql:6:3: error: UPDATE of every row: 50% of <big> tables & "
            "more in one transaction [unbatched-backfill]\n"
            "db/0042_add_index.down.sql:1:1: info: DROP INDEX blocks reads and writes "
            "[require-concurrent-index-deletion]\n"
            "db/0043_weird, name.up.sql:0:0: info: no down migration [missing-down]\n");
}

TEST(ReportFormats, GithubEscapesDataAndProperties) {
  std::string out = render("github", handmade_result());
  EXPECT_NE(out.find("::error file=db/0045_bad.up.sql,line=2,col=7,title=input "
                     "error::invalid UTF-8 byte 0xe9\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("::error file=db/0042_add_index.up.sql,line=6,col=3,title=unbatched-"
                     "backfill::UPDATE of every row: 50%25 of <big> tables & more%0Ain one "
                     "transaction\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("::notice file=db/0043_weird%2C name.up.sql,"), std::string::npos) << out;
  // Every annotation is exactly one line.
  std::istringstream lines(out);
  int count = 0;
  for (std::string line; std::getline(lines, line); ++count)
    EXPECT_EQ(line.rfind("::", 0), 0U) << line;
  EXPECT_EQ(count, 5);
}

TEST(ReportFormats, JsonFollowsTheContract) {
  auto j = to_json(handmade_result());
  EXPECT_EQ(j["schema_version"], kReportSchemaVersion);
  EXPECT_EQ(j["tool"]["name"], "pgdrydock");
  EXPECT_EQ(j["pg_version"], 13);
  const auto& m = j["migrations"][0];
  EXPECT_EQ(m["layout"], "golang-migrate");
  EXPECT_EQ(m["has_down"], true);
  EXPECT_EQ(m["simulation"]["sizes"][1], 100000);
  EXPECT_FALSE(j["migrations"][1].contains("simulation")) << "null simulation is left out";
  const auto& script = m["scripts"][0];
  EXPECT_EQ(script["direction"], "up");
  EXPECT_EQ(script["transaction"], "implicit-transaction");
  const auto& st = script["statements"][0];
  EXPECT_EQ(st["location"],
            (nlohmann::json{{"file", "db/0042_add_index.up.sql"}, {"line", 3}, {"column", 1}}));
  EXPECT_EQ(st["kind"], "IndexStmt");
  EXPECT_EQ(st["in_transaction"], true);
  EXPECT_EQ(st["effects"][0]["lock"], "ShareLock");
  EXPECT_EQ(st["effects"][0]["scan"], true);
  EXPECT_EQ(st["effects"][0]["blocks_reads"], false);
  EXPECT_EQ(st["effects"][0]["blocks_writes"], true);
  EXPECT_EQ(st["effects"][1]["lock"], "AccessExclusiveLock");
  EXPECT_EQ(st["effects"][1]["creates"], true);
  EXPECT_EQ(st["effects"][0]["why"], ""); // the statement's own target
  EXPECT_EQ(st["effects"][1]["why"], "new index");
  EXPECT_EQ(st["effects"][1]["blocks_reads"], true);
  EXPECT_EQ(st["findings"][0]["rule"], "require-concurrent-index-creation");
  EXPECT_EQ(st["findings"][0]["severity"], "warning");
  EXPECT_EQ(st["duration_ms"], 12.5) << "simulate's measurements are merged in";
  EXPECT_FALSE(script["statements"][1].contains("duration_ms"));
  EXPECT_EQ(j["migrations"][1]["findings"][0]["rule"], "missing-down");
  EXPECT_EQ(j["skipped"][0]["path"], "db/0044_seed.up.go");
  EXPECT_EQ(j["errors"][0]["line"], 2);
  EXPECT_EQ(j["summary"]["errors"], 1);
  EXPECT_EQ(j["summary"]["warnings"], 1);
  EXPECT_EQ(j["summary"]["infos"], 2);
  EXPECT_EQ(j["summary"]["statements"], 4);
  EXPECT_EQ(j["summary"]["files"], 3);
  // The rendered form is the same document.
  EXPECT_EQ(nlohmann::json::parse(render("json", handmade_result())), j);
}

// Simulate's typed results reach the JSON report through their one JSON form: the observation
// merged into the statement's object beside the prediction, the simulation under its
// migration. Nothing untyped is passed through: every key comes from a typed field.
TEST(ReportFormats, JsonMergesTypedSimulationResults) {
  LintResult r = handmade_result();
  StatementResult& st = r.migrations[0].scripts[0].statements[1];
  StatementObservation seen;
  seen.observed.push_back({"public.orders", false, "RowExclusiveLock", false, "table"});
  seen.duration_ms = 3.5;
  seen.blocked_writes_ms = 1.25;
  seen.lock_observation = "transaction";
  st.measured = seen;
  MigrationSimulation sim;
  sim.reversible = true;
  sim.sizes = {10, 20};
  r.migrations[1].simulation = sim;

  const auto j = to_json(r);
  const auto& out = j["migrations"][0]["scripts"][0]["statements"][1];
  EXPECT_EQ(out["duration_ms"], 3.5);
  EXPECT_EQ(out["blocked_writes_ms"], 1.25);
  EXPECT_EQ(out["blocked_reads_ms"], 0.0);
  EXPECT_EQ(out["observed"][0]["lock"], "RowExclusiveLock");
  EXPECT_EQ(out["observed"][0]["created"], false);
  EXPECT_EQ(out["lock_observation"], "transaction");
  EXPECT_TRUE(out["mismatch"].empty());
  EXPECT_FALSE(out.contains("sweep")) << "no sweep, no sweep keys";
  // The statement's keys are the prediction's and the observation's one JSON form, no others.
  std::set<std::string> expected_keys = {"location",       "text",    "kind",
                                         "in_transaction", "effects", "findings"};
  const nlohmann::json observation = seen;
  for (const auto& [key, value] : observation.items())
    expected_keys.insert(key);
  std::set<std::string> keys;
  for (const auto& [key, value] : out.items())
    keys.insert(key);
  EXPECT_EQ(keys, expected_keys);
  EXPECT_EQ(out["kind"], "UpdateStmt") << "the prediction is still there";
  const auto& simulation = j["migrations"][1]["simulation"];
  EXPECT_EQ(simulation["reversible"], true);
  EXPECT_TRUE(simulation["error"].is_null());
  EXPECT_EQ(simulation["sizes"][1], 20);
  EXPECT_TRUE(simulation["scale_model"].is_null()) << "a sweep without a scale model says so";
}

TEST(ReportFormats, JsonNeverThrowsOnInvalidUtf8) {
  LintResult r = handmade_result();
  r.migrations[0].scripts[0].statements[0].text = "SELECT 'caf\xe9';";
  std::string out;
  EXPECT_NO_THROW(out = render("json", r));
  EXPECT_TRUE(nlohmann::json::accept(out)) << out;
}

TEST(ReportFormats, SarifResultsPointAtTheirRules) {
  auto log = nlohmann::json::parse(render("sarif", handmade_result()));
  EXPECT_EQ(log["version"], "2.1.0");
  const auto& run = log["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(run["results"].size(), 4U);
  for (const auto& result : run["results"])
    EXPECT_EQ(rules[result["ruleIndex"].get<std::size_t>()]["id"], result["ruleId"]);
  EXPECT_EQ(run["results"][1]["level"], "error");
  EXPECT_EQ(run["results"][2]["level"], "note");
  EXPECT_EQ(run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"], 3);
  EXPECT_FALSE(run["results"][3]["locations"][0]["physicalLocation"].contains("region"))
      << "a finding without a line has no region";
  EXPECT_EQ(run["invocations"][0]["executionSuccessful"], false);
  EXPECT_EQ(run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"],
            "invalid UTF-8 byte 0xe9");
}

TEST(ReportFormats, JunitCountsAndEscapes) {
  std::string out = render("junit", handmade_result());
  EXPECT_EQ(out.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0), 0U);
  EXPECT_NE(out.find("<testsuites name=\"pgdrydock\" tests=\"5\" failures=\"4\" errors=\"1\">"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("50% of &lt;big&gt; tables &amp; more"), std::string::npos) << out;
  EXPECT_EQ(out.find("<big>"), std::string::npos) << out;
}

TEST(ReportFormats, TextEffectsNameEachRelationAndWhyItIsLocked) {
  const ReportRenderer* renderer = find_renderer("text");
  ASSERT_NE(renderer, nullptr);
  std::ostringstream out;
  renderer->render(handmade_result(), RenderOptions{false, true}, out);
  // One line per relation: the target first, then the index it creates, with its why.
  EXPECT_NE(out.str().find("    public.orders: ShareLock, scan (index build reads the whole "
                           "table)\n    public.orders_customer_idx: AccessExclusiveLock [new "
                           "index], new\n"),
            std::string::npos)
      << out.str();
}

TEST(ReportFormats, TextShowsExcerptRecipeAndCutsLongStatements) {
  std::string out = render("text", handmade_result());
  EXPECT_NE(out.find("db/0042_add_index.up.sql:3:1: warning [require-concurrent-index-creation] "
                     "CREATE INDEX blocks writes"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("    3 | CREATE INDEX orders_customer_idx\n    4 |   ON orders "
                     "(customer_id);\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("  use instead:\n    CREATE INDEX CONCURRENTLY orders_customer_idx\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("    6 | -- 5\n      | ...\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("-- 6"), std::string::npos) << out;
  EXPECT_NE(out.find("db/0044_seed.up.go: skipped: Go migration"), std::string::npos) << out;
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  std::string colored = render("text", handmade_result(), true);
  EXPECT_NE(colored.find("\x1b[1;33mwarning\x1b[0m"), std::string::npos) << colored;
  EXPECT_NE(colored.find("\x1b[1;31merror\x1b[0m"), std::string::npos) << colored;
}

class HandmadeGolden : public ::testing::TestWithParam<const char*> {};

TEST_P(HandmadeGolden, MatchesTheGoldenFile) {
  std::string format = GetParam();
  expect_golden(std::string("handmade.") + format,
                without_tool_version(render(format, handmade_result())));
}

INSTANTIATE_TEST_SUITE_P(Formats, HandmadeGolden,
                         ::testing::Values("text", "gcc", "json", "sarif", "github", "junit",
                                           "gitlab"));

} // namespace
} // namespace pgdrydock::test
