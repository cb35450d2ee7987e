// The markdown report of a lint run (reports/markdown_lint.h): the findings with their rule,
// place, message and recipe; a clean run says so; a huge run stays under GitHub's comment
// limit and says how much it left out.
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "reports/report_format.h"
#include "reports/simulation_renderers.h"

namespace pgdrydock::test {
namespace {

LintResult lint_result(int statements) {
  LintResult r;
  MigrationResult m;
  m.version = "002";
  m.name = "indexes";
  ScriptResult up;
  up.file = "db/002_indexes.up.sql";
  for (int i = 0; i < statements; ++i) {
    StatementResult st;
    st.location = {up.file, i + 1, 1};
    st.text = "CREATE INDEX orders_" + std::to_string(i) + " ON orders (customer_id)";
    st.findings.push_back(Finding{"require-concurrent-index-creation", Severity::Error, st.location,
                                  "CREATE INDEX takes a SHARE lock | on orders",
                                  "CREATE INDEX CONCURRENTLY orders_" + std::to_string(i) +
                                      " ON orders (customer_id);"});
    up.statements.push_back(std::move(st));
  }
  up.statement_count = statements;
  m.scripts.push_back(std::move(up));
  r.migrations.push_back(std::move(m));
  r.summary = summarize(r);
  return r;
}

std::string markdown(const LintResult& r) {
  std::ostringstream out;
  find_renderer("markdown")->render(r, RenderOptions{}, out);
  return out.str();
}

TEST(MarkdownLint, ListsEachFindingWithItsPlaceMessageAndRecipe) {
  const std::string text = markdown(lint_result(2));
  EXPECT_NE(text.find("## pgdrydock lint"), std::string::npos) << text;
  EXPECT_NE(text.find("**2 errors, 0 warnings, 0 infos**"), std::string::npos) << text;
  EXPECT_NE(text.find("| :x: error | `require-concurrent-index-creation` | "
                      "`db/002_indexes.up.sql:2` |"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("SHARE lock \\| on orders"), std::string::npos) << text; // pipe escaped
  EXPECT_NE(text.find("CREATE INDEX CONCURRENTLY orders_1 ON orders (customer_id);"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("listed"), std::string::npos) << text; // nothing left out
}

TEST(MarkdownLint, ACleanRunSaysSo) {
  LintResult r = lint_result(0);
  EXPECT_NE(markdown(r).find("No findings"), std::string::npos);
}

TEST(MarkdownLint, AHugeRunFitsACommentAndCountsWhatItLeftOut) {
  const std::string text = markdown(lint_result(3000));
  EXPECT_LE(text.size(), kMarkdownCommentLimit);
  EXPECT_NE(text.find("of 3000 findings listed"), std::string::npos) << text.substr(0, 300);
}

} // namespace
} // namespace pgdrydock::test
