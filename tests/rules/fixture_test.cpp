// Runs every rules/fixtures/<rule-id>.sql (one test per file, found at start-up, so a new
// fixture needs no registration) and compares the findings of that rule with the file's
// `-- expect:` lines. The format is described in tests/rules/fixture.h and
// docs/writing-a-rule.md.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "lint/rule_registry.h"
#include "tests/rules/fixture.h"

namespace pgdrydock::fixture {
namespace {

class RuleFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(RuleFixture, FindingsMatchExpectations) {
  Fixture f = load_fixture(GetParam());
  for (const std::string& e : f.errors)
    ADD_FAILURE() << "malformed fixture: " << e;
  ASSERT_NE(RuleRegistry::instance().find(f.rule_id), nullptr)
      << f.file->path() << ": no registered rule has the id '" << f.rule_id << "'";
  ASSERT_FALSE(f.cases.empty()) << f.file->path() << ": no cases";
  CaseOutcome outcome = run_fixture(f);
  for (const std::string& m : outcome.mismatches)
    ADD_FAILURE() << m;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = std::filesystem::path(info.param).stem().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)))
      c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, RuleFixture, ::testing::ValuesIn(fixture_paths()), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(RuleFixture);

} // namespace
} // namespace pgdrydock::fixture
