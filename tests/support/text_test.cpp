// lint/support/text.h: the one blank-trimming helper (the seeder's CHECK reader and COPY error
// messages use it instead of their own copies).
#include "lint/support/text.h"

#include <gtest/gtest.h>

namespace pgdrydock {
namespace {

TEST(Text, TrimBlanksRemovesSpacesTabsAndLineEndsAtBothEnds) {
  EXPECT_EQ(trim_blanks("  \t a b \r\n"), "a b");
  EXPECT_EQ(trim_blanks("a"), "a");
  EXPECT_EQ(trim_blanks(" \n\t "), "");
  EXPECT_EQ(trim_blanks(""), "");
}

TEST(Text, TrimmedBlanksOwnsItsText) {
  std::string source = "  ERROR: duplicate key\n";
  const std::string out = trimmed_blanks(source);
  source.assign("overwritten");
  EXPECT_EQ(out, "ERROR: duplicate key");
  // A server message keeps its inner line ends (DETAIL on a second line).
  EXPECT_EQ(trimmed_blanks("msg\nDETAIL: x\n\n"), "msg\nDETAIL: x");
}

} // namespace
} // namespace pgdrydock
