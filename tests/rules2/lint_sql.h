// Lints a SQL string as the up script of one migration, for the rules2 unit tests.
// (The fixture files in rules/fixtures/ are run by tests/rules; these tests cover details
// a fixture cannot express: messages, recipes, severities, helper functions.)
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lint/lint_driver.h"
#include "lint/rule.h"

namespace pgdrydock::testing_rules2 {

struct Options {
  int pg_version = 15;
  TransactionMode mode = TransactionMode::Autocommit;
};

inline std::vector<Finding> lint_sql(const std::string& sql, std::string_view rule,
                                     Options options = {}) {
  Migration m;
  m.version = "1";
  m.name = "unit";
  m.runner = "test";
  auto file = std::make_shared<const SourceFile>("unit.sql", sql);
  m.up = Script{file, 0, file->content().size(), options.mode, "unit test"};
  LintOptions lo;
  lo.pg_version = options.pg_version;
  lo.threads = 1;
  MigrationResult result = lint_migration(m, lo);
  std::vector<Finding> out;
  for (const ScriptResult& s : result.scripts)
    for (const StatementResult& st : s.statements)
      for (const Finding& f : st.findings)
        if (f.rule_id == rule)
          out.push_back(f);
  return out;
}

// EXPECT_TRUE(contains(message, "...")) prints both strings when it fails.
inline ::testing::AssertionResult contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\" does not contain \"" << part << "\"";
}

} // namespace pgdrydock::testing_rules2
