// The pull-request comment must fit GitHub's 65,536-character limit: a large simulation keeps
// its summary and says that the details were left out; a small one shows everything.
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "reports/report_format.h"
#include "reports/simulation_renderers.h"
#include "simulate/result/simulation_json.h"

namespace pgdrydock::test {
namespace {

// One simulated migration with `statements` measured statements of ~100 characters each.
LintResult simulated_result(int migrations, int statements) {
  LintResult r;
  for (int m = 0; m < migrations; ++m) {
    MigrationResult mr;
    mr.version = std::to_string(m + 1);
    mr.name = "migration_" + std::to_string(m + 1);
    mr.layout = Layout::GolangMigrate;
    mr.has_down = true;
    ScriptResult up;
    up.direction = Direction::Up;
    up.file = "db/" + mr.version + "_" + mr.name + ".up.sql";
    up.mode = TransactionMode::ImplicitMulti;
    for (int i = 0; i < statements; ++i) {
      StatementResult st;
      st.location = {up.file, i + 1, 1};
      st.text = "CREATE INDEX orders_column_" + std::to_string(i) +
                "_idx ON orders (customer_id, created_at, status, total_amount)";
      st.kind = "IndexStmt";
      st.measured =
          nlohmann::json{{"duration_ms", 12.5 + i},
                         {"blocked_reads_ms", 0.0},
                         {"blocked_writes_ms", 11.0},
                         {"observed", {{{"relation", "public.orders"}, {"lock", "ShareLock"}}}}}
              .get<StatementObservation>();
      up.statements.push_back(std::move(st));
    }
    up.statement_count = statements;
    mr.scripts.push_back(std::move(up));
    mr.simulation = nlohmann::json{
        {"reversible", true},
        {"down_failed", false},
        {"lossy", false},
        {"schema_diff", nlohmann::json::array()},
        {"leftovers", nlohmann::json::array()},
        {"error",
         nullptr}}.get<MigrationSimulation>();
    r.migrations.push_back(std::move(mr));
  }
  r.summary.migrations = migrations;
  r.summary.statements = migrations * statements;
  return r;
}

std::string render_markdown(const LintResult& r) {
  const ReportRenderer* markdown = find_renderer("markdown");
  EXPECT_NE(markdown, nullptr);
  if (!markdown)
    return {};
  std::ostringstream out;
  markdown->render(r, RenderOptions{}, out);
  return out.str();
}

TEST(MarkdownLimit, SmallReportShowsEveryStatement) {
  std::string text = render_markdown(simulated_result(2, 5));
  EXPECT_LT(text.size(), kMarkdownCommentLimit);
  EXPECT_EQ(text.find("Details omitted"), std::string::npos);
  EXPECT_NE(text.find("orders_column_4_idx"), std::string::npos);
}

TEST(MarkdownLimit, LargeReportKeepsTheSummaryAndSaysWhatItLeftOut) {
  // 20 migrations x 400 statements: well over 65,536 characters of details.
  std::string text = render_markdown(simulated_result(20, 400));
  EXPECT_LT(text.size(), kMarkdownCommentLimit);
  EXPECT_NE(text.find("Details omitted"), std::string::npos);
  EXPECT_NE(text.find("migration_20"), std::string::npos) << "the summary names every migration";
}

} // namespace
} // namespace pgdrydock::test
