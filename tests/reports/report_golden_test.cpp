// Each format rendered from real lint runs over the small SQL files in tests/reports/inputs/,
// compared with tests/reports/golden/<input>.<format>. The whole pipeline (sources, parser,
// lock model, rules, renderer) feeds these files, so a change anywhere shows up as a diff.
#include <unistd.h>

#include <sstream>

#include <gtest/gtest.h>

#include "golden.h"
#include "lint/lint_driver.h"
#include "reports/builtin_renderers.h"
#include "reports/report_format.h"

namespace pgdrydock::test {
namespace {

struct GoldenCase {
  const char* input; // under tests/reports/inputs/
  const char* format;
};

class ReportGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(ReportGolden, MatchesTheGoldenFile) {
  ASSERT_TRUE(ensure_builtin_renderers_linked());
  const GoldenCase& c = GetParam();
  // Relative paths keep the reported file names the same on every machine.
  ASSERT_EQ(chdir(PGDRYDOCK_TEST_DIR), 0);
  std::string path = std::string("inputs/") + c.input + ".sql";
  MigrationSet set = load_migrations({path}, LoadOptions{});
  LintOptions options;
  options.threads = 1;
  options.keep_all_statements = std::string(c.format) != "text" && std::string(c.format) != "gcc";
  LintResult result = lint_migrations(set, options);
  ASSERT_TRUE(result.errors.empty()) << result.errors.front().message;

  const ReportRenderer* renderer = find_renderer(c.format);
  ASSERT_NE(renderer, nullptr);
  std::ostringstream out;
  renderer->render(result, RenderOptions{}, out);
  expect_golden(std::string(c.input) + "." + c.format, without_tool_version(out.str()));
}

std::vector<GoldenCase> all_cases() {
  std::vector<GoldenCase> cases;
  for (const char* input : {"add_index", "syntax_error", "clean"})
    for (const char* format : {"text", "gcc", "json", "sarif", "github", "junit", "gitlab"})
      cases.push_back({input, format});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Inputs, ReportGolden, ::testing::ValuesIn(all_cases()),
                         [](const auto& param_info) {
                           return std::string(param_info.param.input) + "_" +
                                  param_info.param.format;
                         });

} // namespace
} // namespace pgdrydock::test
