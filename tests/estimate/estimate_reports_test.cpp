// The sweep and estimates in the text, Markdown and HTML simulation reports, from a report
// built by hand (the real sweep is covered end to end in sweep_cli_test.cpp).
#include <sstream>

#include <gtest/gtest.h>

#include "reports/estimate_text.h"
#include "reports/report_format.h"
#include "reports/simulation_renderers.h"
#include "simulate/result/simulation_json.h"

namespace pgdrydock {
namespace {

using nlohmann::json;

LintResult swept_result() {
  StatementResult st;
  st.location = {"2_index.up.sql", 3, 1};
  st.text = "CREATE INDEX orders_note_idx ON orders (note) -- <b>&";
  // Typed through the one JSON reader, so the data reads as the report contract writes it.
  st.measured =
      json{
          {"observed", json::array({{{"relation", "public.orders"},
                                     {"lock", "ShareLock"},
                                     {"rewrite", false},
                                     {"created", false}}})},
          {"duration_ms", 1100.0},
          {"blocked_reads_ms", 0.0},
          {"blocked_writes_ms", 1090.0},
          {"mismatch", json::array()},
          {"target_table", "public.orders"},
          {"sweep", json::array({{{"rows", 10000},
                                  {"seconds", 0.012},
                                  {"lock_seconds", 0.012},
                                  {"blocked_reads_seconds", 0},
                                  {"blocked_writes_seconds", 0.01}},
                                 {{"rows", 100000},
                                  {"seconds", 0.11},
                                  {"lock_seconds", 0.11},
                                  {"blocked_reads_seconds", 0},
                                  {"blocked_writes_seconds", 0.1}},
                                 {{"rows", 1000000},
                                  {"seconds", 1.1},
                                  {"lock_seconds", 1.1},
                                  {"blocked_reads_seconds", 0},
                                  {"blocked_writes_seconds", 1.09}}})},
          {"fit",
           {{"model", "linear"}, {"intercept", 0.001}, {"slope", 1.1e-6}, {"fit_r2", 0.999}}},
          {"estimate",
           {{"rows", 50000000},
            {"seconds", 55.0},
            {"low", 40.0},
            {"high", 70.0},
            {"model", "linear"},
            {"fit_r2", 0.999},
            {"warnings", json::array({"extrapolated 50x beyond the largest measured size"})}}},
          {"lock_estimate", {{"rows", 50000000}, {"seconds", 55.0}, {"low", 40.0}, {"high", 70.0}}},
          {"blocked_writes_estimate",
           {{"rows", 50000000}, {"seconds", 54.0}, {"low", 39.0}, {"high", 69.0}}}}
          .get<StatementObservation>();
  ScriptResult up;
  up.direction = Direction::Up;
  up.file = "2_index.up.sql";
  up.statements.push_back(st);
  MigrationResult m;
  m.version = "2";
  m.name = "index";
  m.has_down = true;
  m.scripts.push_back(up);
  m.simulation = json{{"reversible", true},
                      {"down_failed", false},
                      {"lossy", false},
                      {"error", nullptr},
                      {"schema_diff", json::array()},
                      {"data_changes", json::array()},
                      {"leftovers", json::array()},
                      {"sizes", {10000, 100000, 1000000}},
                      {"budget",
                       {{"violations", json::array({"migration 2 index, 2_index.up.sql:3 `CREATE "
                                                    "INDEX`: duration estimated up to 70 s"})}}}}
                     .get<MigrationSimulation>();
  LintResult r;
  r.migrations.push_back(m);
  return r;
}

std::string render(const std::string& format) {
  const ReportRenderer* renderer = find_renderer(format);
  EXPECT_NE(renderer, nullptr) << format;
  std::ostringstream out;
  if (renderer)
    renderer->render(swept_result(), RenderOptions{}, out);
  return out.str();
}

TEST(EstimateReports, TextShowsSweepEstimateWarningsAndBudget) {
  const std::string text = render("simulation-text");
  EXPECT_NE(text.find("sweep: 10 k rows 12 ms, 100 k rows 110 ms, 1.0 M rows 1.1 s (linear, R² "
                      "1.00)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("estimate on 50.0 M rows of public.orders: 55.0 s (40.0 s - 70.0 s), lock "
                      "held 55.0 s (40.0 s - 70.0 s), writes blocked 54.0 s"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("estimate warning: extrapolated 50x"), std::string::npos) << text;
  EXPECT_NE(text.find("over budget: migration 2 index"), std::string::npos) << text;
}

TEST(EstimateReports, MarkdownHasAnEstimatesTable) {
  const std::string md = render("markdown");
  EXPECT_NE(md.find("| script | line | statement | table | rows | time | lock held | writes "
                    "blocked | fit | notes |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| up | 2_index.up.sql:3 | `CREATE INDEX orders_note_idx ON orders (note) -- "
                    "<b>&` | public.orders | 50.0 M | 55.0 s (40.0 s - 70.0 s) |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find(":no_entry: over budget"), std::string::npos) << md;
}

TEST(EstimateReports, HtmlIsSelfContainedEscapedAndChartsTheSweep) {
  const std::string html = render("html");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<style>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://", html.find("</style>")),
            html.find("http://www.w3.org/2000/svg")); // the SVG namespace is the only URL
  EXPECT_NE(html.find("(note) -- &lt;b&gt;&amp;"), std::string::npos);
  EXPECT_EQ(html.find("<b>&"), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"chart\""), std::string::npos);
  std::size_t measured = 0;
  for (auto at = html.find("class=\"measured\""); at != std::string::npos;
       at = html.find("class=\"measured\"", at + 1))
    ++measured;
  EXPECT_EQ(measured, 3u);
  EXPECT_NE(html.find("<circle class=\"production\""), std::string::npos);
  EXPECT_NE(html.find("production estimate: 50.0 M rows, 55.0 s (40.0 s - 70.0 s)"),
            std::string::npos);
  EXPECT_NE(html.find("<path class=\"fit\" d=\"M"), std::string::npos);
  EXPECT_NE(html.find("class=\"verdict ok\">reversible<"), std::string::npos);
  EXPECT_NE(html.find("over budget: migration 2 index"), std::string::npos);
  EXPECT_NE(html.find("; write-blocking lock held 55.0 s (40.0 s - 70.0 s)"), std::string::npos);
}

TEST(EstimateText, EvaluatesEachModel) {
  // The one evaluation of a fitted curve (simulate/result/simulation_result.h), as a report
  // reads it from the JSON contract.
  auto evaluate_fit = [](const json& fit, double rows) {
    return fit.get<FitCurve>().evaluate(rows);
  };
  EXPECT_DOUBLE_EQ(evaluate_fit({{"model", "linear"}, {"intercept", 1.0}, {"slope", 2.0}}, 10), 21);
  EXPECT_DOUBLE_EQ(evaluate_fit({{"model", "constant"}, {"intercept", 3.0}, {"slope", 2.0}}, 10),
                   3);
  EXPECT_NEAR(evaluate_fit({{"model", "nlogn"}, {"intercept", 0.0}, {"slope", 1.0}}, 100),
              100 * std::log(100.0), 1e-9);
  EXPECT_EQ(format_seconds(0.0042), "4.2 ms");
  EXPECT_EQ(format_seconds(754), "12.6 min");
  EXPECT_EQ(format_rows(41.2e6), "41.2 M");
}

} // namespace
} // namespace pgdrydock
