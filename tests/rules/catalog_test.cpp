// The rule catalog: every registered rule has a doc page with the fixed headings and a fixture
// with positive and negative cases, and no doc or fixture exists for an id nobody registered.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "lint/rule_registry.h"
#include "tests/rules/fixture.h"

namespace pgdrydock::fixture {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRequiredHeadings[] = {"## What it does", "## Why it is dangerous",
                                             "## Example", "## Use instead",
                                             "## PostgreSQL versions"};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

bool has_heading_line(const std::string& doc, std::string_view heading) {
  std::istringstream lines(doc);
  std::string line;
  while (std::getline(lines, line)) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r'))
      line.pop_back();
    if (line == heading)
      return true;
  }
  return false;
}

std::vector<std::string> registered_ids() {
  std::vector<std::string> ids;
  for (const auto& r : RuleRegistry::instance().rules())
    ids.emplace_back(r->id());
  return ids;
}

std::set<std::string> stems_in(const std::string& dir, const std::string& extension) {
  std::set<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == extension)
      out.insert(entry.path().stem().string());
  return out;
}

class RuleCatalog : public ::testing::TestWithParam<std::string> {};

TEST_P(RuleCatalog, HasDocPageWithRequiredHeadings) {
  const std::string& id = GetParam();
  fs::path path = fs::path(docs_dir()) / (id + ".md");
  ASSERT_TRUE(fs::is_regular_file(path)) << "rule " << id << " has no doc page " << path;
  std::string doc = read_file(path);
  for (const char* heading : kRequiredHeadings)
    EXPECT_TRUE(has_heading_line(doc, heading))
        << path.string() << " lacks the heading line '" << heading << "'";
  // `pgdrydock rules <id>` shows the embedded copy: it must be the same text.
  auto embedded = rule_docs().find(id);
  ASSERT_NE(embedded, rule_docs().end()) << id << " doc is not embedded (re-run cmake)";
  EXPECT_EQ(embedded->second, doc) << id << " embedded doc differs from " << path;
}

TEST_P(RuleCatalog, HasOneLineSummary) {
  const Rule* rule = RuleRegistry::instance().find(GetParam());
  ASSERT_NE(rule, nullptr);
  EXPECT_FALSE(rule->summary().empty());
  EXPECT_EQ(rule->summary().find('\n'), std::string_view::npos);
}

TEST_P(RuleCatalog, HasFixtureWithPositiveAndNegativeCases) {
  const std::string& id = GetParam();
  fs::path path = fs::path(fixtures_dir()) / (id + ".sql");
  ASSERT_TRUE(fs::is_regular_file(path)) << "rule " << id << " has no fixture " << path;
  Fixture f = load_fixture(path.string());
  ASSERT_TRUE(f.errors.empty()) << f.errors.front();
  CaseOutcome o = run_fixture(f);
  EXPECT_GT(o.statement_positives + o.migration_positives, 0)
      << path.string() << " has no case where " << id << " must fire (`-- expect: " << id << "`)";
  if (o.statement_positives > 0) {
    EXPECT_GT(o.statement_negatives, 0) << path.string() << " has no statement of a kind " << id
                                        << " looks at that must stay clean (a negative case)";
  }
  // Every finding tells the user what to do instead. syntax-error is the exception: the
  // parser's own message is all there is to say.
  if (id != "syntax-error") {
    for (const std::string& where : o.findings_without_recipe)
      ADD_FAILURE() << where << ": a finding of " << id << " has no message or no recipe";
  }
  if (o.migration_positives > 0) {
    EXPECT_GT(o.migration_negatives, 0)
        << path.string() << " has no case without `-- expect-migration: " << id << "`";
  }
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)))
      c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Rules, RuleCatalog, ::testing::ValuesIn(registered_ids()), test_name);

TEST(RuleCatalogFiles, EveryDocAndFixtureBelongsToARegisteredRule) {
  for (const std::string& id : stems_in(docs_dir(), ".md"))
    EXPECT_NE(RuleRegistry::instance().find(id), nullptr)
        << "rules/docs/" << id << ".md documents a rule that is not registered";
  for (const std::string& id : stems_in(fixtures_dir(), ".sql"))
    EXPECT_NE(RuleRegistry::instance().find(id), nullptr)
        << "rules/fixtures/" << id << ".sql tests a rule that is not registered";
}

TEST(RuleCatalogFiles, RegistryIsNotEmptyAndIdsAreKebabCase) {
  ASSERT_FALSE(registered_ids().empty());
  for (const std::string& id : registered_ids())
    for (char c : id)
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')
          << "rule id '" << id << "' is not kebab-case";
}

} // namespace
} // namespace pgdrydock::fixture
