// The README's "Use it in CI" snippets are the tested files (docs/ci/), comments aside: a
// change to a template that is not copied to the README (or the reverse) fails here.
#include <algorithm>
#include <filesystem>
#include <sstream>

#include <gtest/gtest.h>

#include "integration_support.h"

namespace pgdrydock::test {
namespace {

namespace fs = std::filesystem;

TEST(ReadmeSnippets, AreTheTestedTemplates) {
  const fs::path source = PGDRYDOCK_SOURCE_DIR;
  const std::string readme = read_text(source / "README.md");
  for (const char* name :
       {"docs/ci/pre-commit-config.yaml", "docs/ci/github-workflow.yml", "docs/ci/gitlab-ci.yml"}) {
    const std::string snippet = without_comment_lines(read_text(source / name));
    ASSERT_FALSE(snippet.empty()) << name;
    EXPECT_NE(readme.find("```yaml\n" + snippet + "```\n"), std::string::npos)
        << name << " is not in README.md as:\n"
        << snippet;
    EXPECT_LT(std::count(snippet.begin(), snippet.end(), '\n'), 15) << name;
  }
}

} // namespace
} // namespace pgdrydock::test
