// The app_impact results in the reports: JSON round trip of the contract, and the lines the
// text, markdown and HTML renderers add (nothing without --app-load), from a built result.
#include <string>

#include <gtest/gtest.h>

#include "reports/report_format.h"
#include "reports/simulation_renderers.h"
#include "simulate/result/simulation_json.h"

namespace pgdrydock {
namespace {

LintResult result_under_load(bool with_load) {
  StatementResult st;
  st.location = {"2_add.up.sql", 1, 1};
  st.text = "ALTER TABLE t ADD COLUMN c int";
  st.measured = StatementObservation{};
  st.measured->duration_ms = 3010;
  if (with_load)
    st.measured->app_impact =
        AppImpact{812, 240, 0, 0, {1.2, 2950.0, 3010.4}, 3010.4, true, 3000.1, 1};
  ScriptResult up;
  up.file = "2_add.up.sql";
  up.statements.push_back(st);
  MigrationResult m;
  m.version = "2";
  m.name = "add";
  m.scripts.push_back(up);
  m.simulation = MigrationSimulation{};
  if (with_load)
    m.simulation->app_load =
        AppRun{{0.8, 2.0, 4.5}, {{0, 2.0}, {1000, 3010.4}}, {{900, 3910, "2_add.up.sql:1"}}};
  LintResult r;
  r.migrations.push_back(m);
  return r;
}

std::string render(const char* format, const LintResult& r) {
  EXPECT_TRUE(simulation_text_report_registered && markdown_report_registered &&
              html_report_registered);
  const ReportRenderer* renderer = find_renderer(format);
  EXPECT_NE(renderer, nullptr) << format;
  return renderer ? renderer->render(r, RenderOptions{}) : "";
}

TEST(AppImpactReport, JsonRoundTripKeepsEveryKey) {
  const LintResult r = result_under_load(true);
  const nlohmann::json statement = *r.migrations[0].scripts[0].statements[0].measured;
  EXPECT_EQ(statement.at("app_impact").at("blocked"), 240);
  EXPECT_EQ(statement.at("app_impact").at("latency_ms").at("p99"), 2950.0);
  const StatementObservation back = statement.get<StatementObservation>();
  ASSERT_TRUE(back.app_impact);
  EXPECT_EQ(back.app_impact->queries, 812);
  EXPECT_TRUE(back.app_impact->queued_behind_ddl);
  const nlohmann::json sim = *r.migrations[0].simulation;
  EXPECT_EQ(sim.at("app_baseline").at("latency_ms").at("p99"), 2.0);
  const MigrationSimulation sim_back = sim.get<MigrationSimulation>();
  ASSERT_TRUE(sim_back.app_load);
  EXPECT_EQ(sim_back.app_load->timeline.size(), 2u);
  EXPECT_EQ(sim_back.app_load->bands.at(0).statement, "2_add.up.sql:1");
  // Without --app-load the keys are absent, as before.
  const LintResult plain = result_under_load(false);
  EXPECT_FALSE(nlohmann::json(*plain.migrations[0].scripts[0].statements[0].measured)
                   .contains("app_impact"));
  EXPECT_FALSE(nlohmann::json(*plain.migrations[0].simulation).contains("app_baseline"));
}

TEST(AppImpactReport, RenderersShowOneLinePerStatement) {
  const LintResult r = result_under_load(true);
  const std::string text = render("simulation-text", r);
  EXPECT_NE(text.find("application: baseline p50"), std::string::npos) << text;
  EXPECT_NE(text.find("up line 1: 812 queries, 240 blocked"), std::string::npos) << text;
  EXPECT_NE(text.find("queued behind it"), std::string::npos) << text;
  const std::string markdown = render("markdown", r);
  EXPECT_NE(markdown.find("**Application under load**"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("| up | 1 | 812 | 240 |"), std::string::npos) << markdown;
  const std::string html = render("html", r);
  EXPECT_NE(html.find("<h3>Application under load</h3>"), std::string::npos);
  EXPECT_NE(html.find("<rect"), std::string::npos);       // the statement's band
  EXPECT_NE(html.find("<path d=\"M"), std::string::npos); // the latency line
  const LintResult plain = result_under_load(false);
  for (const char* format : {"simulation-text", "markdown", "html"})
    EXPECT_EQ(render(format, plain).find("pplication"), std::string::npos) << format;
}

} // namespace
} // namespace pgdrydock
