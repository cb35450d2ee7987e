// --format gitlab: GitLab Code Quality's shape (the keys and severities GitLab accepts) and the
// property the MR widget depends on: a finding keeps its fingerprint when lines move around it,
// and two findings never share one. Real lint runs of SQL files through the whole pipeline.
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lint/lint_driver.h"
#include "reports/builtin_renderers.h"
#include "reports/finding_fingerprint.h"
#include "reports/report_format.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock::test {
namespace {

using nlohmann::json;

// Lints `sql` as `name` inside a temporary folder, by a relative path, and returns the report.
json gitlab_report(const testing::TempFolder& dir, const std::string& name,
                   const std::string& sql) {
  EXPECT_TRUE(ensure_builtin_renderers_linked());
  const std::string path = dir.write(name, sql);
  MigrationSet set = load_migrations({path}, LoadOptions{});
  LintOptions options;
  options.threads = 1;
  options.keep_all_statements = true;
  LintResult result = lint_migrations(set, options);
  std::ostringstream out;
  find_renderer("gitlab")->render(result, RenderOptions{}, out);
  return json::parse(out.str());
}

// rule -> fingerprint, for a report where each rule fires once.
std::map<std::string, std::string> by_rule(const json& report) {
  std::map<std::string, std::string> out;
  for (const auto& issue : report)
    out[issue.at("check_name").get<std::string>()] = issue.at("fingerprint").get<std::string>();
  return out;
}

const char* kUnsafe = "CREATE TABLE customers (id bigint PRIMARY KEY, name text);\n"
                      "CREATE INDEX orders_customer_idx ON orders (customer_id);\n";

TEST(GitlabReport, HasTheKeysAndSeveritiesGitlabAccepts) {
  testing::TempFolder dir;
  json report = gitlab_report(dir, "0001_index.sql", kUnsafe);
  ASSERT_TRUE(report.is_array());
  ASSERT_GE(report.size(), 2u) << report.dump(2);
  const std::set<std::string> severities = {"info", "minor", "major", "critical", "blocker"};
  for (const auto& issue : report) {
    EXPECT_TRUE(issue.at("description").is_string());
    EXPECT_TRUE(severities.count(issue.at("severity").get<std::string>())) << issue.dump();
    EXPECT_EQ(issue.at("fingerprint").get<std::string>().size(), 32u);
    EXPECT_EQ(issue.at("location").at("path"), dir.str() + "/0001_index.sql");
    EXPECT_EQ(issue.at("location").at("lines").at("begin"), 2) << issue.dump();
  }
  EXPECT_EQ(by_rule(report).count("require-concurrent-index-creation"), 1u) << report.dump(2);
  for (const auto& issue : report) {
    if (issue.at("check_name") == "require-concurrent-index-creation") {
      EXPECT_EQ(issue.at("severity"), "major"); // an error: what fails the run by default
    }
  }
}

// The same file rewritten between two runs, as a commit would: only line numbers and layout
// change, so GitLab must see the same findings (none new, none resolved).
TEST(GitlabReport, FingerprintsSurviveALineInsertedAboveAndReformatting) {
  testing::TempFolder dir;
  json before = gitlab_report(dir, "m.sql", kUnsafe);
  json after = gitlab_report(dir, "m.sql",
                             "-- customers first\n\n"
                             "CREATE TABLE customers (id bigint PRIMARY KEY, name text);\n"
                             "CREATE INDEX orders_customer_idx\n"
                             "    ON orders (customer_id) /* why */ ; -- needs CONCURRENTLY\n");
  for (const auto& issue : after)
    EXPECT_EQ(issue.at("location").at("lines").at("begin"), 4) << issue.dump();
  ASSERT_FALSE(by_rule(before).empty());
  EXPECT_EQ(by_rule(before), by_rule(after)) << before.dump(2) << after.dump(2);
  // And across runs of the same input: nothing random or address-based in it.
  EXPECT_EQ(before, gitlab_report(dir, "m.sql", kUnsafe));
}

TEST(GitlabReport, AnotherStatementOrFileGetsAnotherFingerprint) {
  testing::TempFolder dir;
  auto base = by_rule(gitlab_report(dir, "m.sql", kUnsafe));
  auto other_table = by_rule(gitlab_report(
      dir, "m.sql", "CREATE INDEX invoices_customer_idx ON invoices (customer_id);\n"));
  auto other_file = by_rule(gitlab_report(dir, "n.sql", kUnsafe));
  const std::string rule = "require-concurrent-index-creation";
  ASSERT_EQ(base.count(rule), 1u);
  EXPECT_NE(base[rule], other_table[rule]);
  EXPECT_NE(base[rule], other_file[rule]);
}

TEST(GitlabReport, IdenticalStatementsInOneFileGetDistinctFingerprints) {
  testing::TempFolder dir;
  json report = gitlab_report(dir, "m.sql",
                              "CREATE INDEX orders_customer_idx ON orders (customer_id);\n"
                              "DROP INDEX orders_customer_idx;\n"
                              "CREATE INDEX orders_customer_idx ON orders (customer_id);\n");
  std::set<std::string> fingerprints;
  int index_findings = 0;
  for (const auto& issue : report) {
    fingerprints.insert(issue.at("fingerprint").get<std::string>());
    index_findings += issue.at("check_name") == "require-concurrent-index-creation" ? 1 : 0;
  }
  EXPECT_EQ(index_findings, 2) << report.dump(2); // the same rule on the same statement text
  EXPECT_EQ(fingerprints.size(), report.size()) << report.dump(2);
}

TEST(GitlabReport, NormalisationKeepsQuotedTextAndDropsComments) {
  EXPECT_EQ(normalized_statement("  SELECT 1 -- one\n  ,   2 /* two /* nested */ */ ;\n"),
            "SELECT 1 , 2");
  EXPECT_EQ(normalized_statement("SELECT '--  not   a comment', \"a  b\";"),
            "SELECT '--  not   a comment', \"a  b\"");
}

TEST(GitlabReport, AnInputErrorIsABlockerOnItsFile) {
  testing::TempFolder dir;
  json report = gitlab_report(dir, "bad.sql", std::string("SELECT 1;\0\n", 11));
  ASSERT_FALSE(report.empty());
  bool blocker = false;
  for (const auto& issue : report)
    blocker = blocker || (issue.at("severity") == "blocker" &&
                          issue.at("location").at("path") == dir.str() + "/bad.sql");
  EXPECT_TRUE(blocker) << report.dump(2);
}

} // namespace
} // namespace pgdrydock::test
