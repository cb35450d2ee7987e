// Inputs the config fuzzer (tests/fuzz/targets/config_fuzzer.cpp) found, fed through its entry.
#include <string>

#include <gtest/gtest.h>

#include "lint/config.h"
#include "lint/support/error.h"
#include "tests/fuzz/entries/config_entry.h"

namespace pgdrydock::fuzz {
namespace {

// `pg_version = 19223372036854775808.3`: toml++ turned the float into an integer by a cast
// that overflows (UBSan: outside the range of 'long'). Now a float is refused like any other
// non-version, with the file and line (fix: lint/config.cpp reads pg_version with value_exact).
TEST(ConfigFuzzRegressions, HugeFloatVersionIsRefusedWithoutOverflow) {
  EXPECT_FALSE(read_config_file("pg_version = 19223372036854775808.3\ns =0\n"));
  const std::string path = scratch_file("float.toml", "\npg_version = 15.0\n");
  const Expected<Config> refused = load_config(path);
  ASSERT_FALSE(refused.has_value()) << "pg_version = 15.0 accepted";
  EXPECT_EQ(refused.error().file, path);
  EXPECT_EQ(refused.error().line, 2);
  EXPECT_NE(refused.error().message.find("pg_version"), std::string::npos)
      << refused.error().message;
  EXPECT_TRUE(read_config_file("pg_version = 13\n"));
}

} // namespace
} // namespace pgdrydock::fuzz
