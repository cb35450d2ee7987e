// The one duration syntax: units, the bare-number default, and what is refused.
#include <gtest/gtest.h>

#include <stdexcept>

#include "lint/support/duration.h"

namespace pgdrydock {
namespace {

TEST(Duration, EveryUnit) {
  EXPECT_DOUBLE_EQ(*parse_duration_ms("250us"), 0.25);
  EXPECT_DOUBLE_EQ(*parse_duration_ms("500ms"), 500);
  EXPECT_DOUBLE_EQ(*parse_duration_ms("2s"), 2000);
  EXPECT_DOUBLE_EQ(*parse_duration_ms("2m"), 120'000);
  EXPECT_DOUBLE_EQ(*parse_duration_ms("2min"), 120'000);
  EXPECT_DOUBLE_EQ(*parse_duration_ms("1.5h"), 5'400'000);
  EXPECT_DOUBLE_EQ(*parse_duration_ms("1d"), 86'400'000);
}

TEST(Duration, BareNumberIsMilliseconds) {
  EXPECT_DOUBLE_EQ(*parse_duration_ms("2"), 2);
  EXPECT_DOUBLE_EQ(*parse_duration_ms("0"), 0);
  EXPECT_EQ(*parse_duration_whole_ms("1500"), 1500);
}

TEST(Duration, SqlLiteralSpellings) {
  // SET lock_timeout = '5s' and SET statement_timeout TO ' 2 MIN ' read as PostgreSQL does.
  EXPECT_EQ(*parse_duration_whole_ms("'5s'"), 5000);
  EXPECT_EQ(*parse_duration_whole_ms(" 2 MIN "), 120'000);
  EXPECT_EQ(*parse_duration_whole_ms("1.4ms"), 1);
}

TEST(Duration, Refused) {
  for (const char* bad : {"", "s", "2x", "2 seconds", "-1s", "nan", "inf", "1e400s", "2ss"})
    EXPECT_FALSE(parse_duration_ms(bad).has_value()) << bad;
}

TEST(Duration, OptionErrorNamesTheOption) {
  auto bad = duration_option_ms("--max-lock", "2x");
  ASSERT_FALSE(bad.has_value()) << "accepted 2x";
  EXPECT_EQ(bad.error().kind, ErrorKind::Usage);
  EXPECT_NE(bad.error().message.find("--max-lock 2x"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find("bare number is milliseconds"), std::string::npos);
  EXPECT_FALSE(duration_option_ms("--statement-timeout", "0", true).has_value());
  EXPECT_DOUBLE_EQ(duration_option_ms("--statement-timeout", "2m", true).value(), 120'000);
}

} // namespace
} // namespace pgdrydock
