#include "golden.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace pgdrydock::test {

std::string without_tool_version(std::string text) {
  const std::string quoted = std::string("\"") + PGDRYDOCK_VERSION + "\"";
  for (auto pos = text.find(quoted); pos != std::string::npos; pos = text.find(quoted, pos))
    text.replace(pos, quoted.size(), "\"<version>\"");
  return text;
}

void expect_golden(const std::string& name, const std::string& actual) {
  std::filesystem::path path = std::filesystem::path(PGDRYDOCK_TEST_DIR) / "golden" / name;
  const char* update = std::getenv("PGDRYDOCK_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream out(path, std::ios::binary);
    out << actual;
    ASSERT_TRUE(out.good()) << "could not write " << path;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << path << " is missing: run with PGDRYDOCK_UPDATE_GOLDEN=1";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str())
      << "differs from " << path << " (re-run with PGDRYDOCK_UPDATE_GOLDEN=1 if intended)";
}

} // namespace pgdrydock::test
