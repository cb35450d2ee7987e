// The one snippet function and the final pass of every report, on the cases that break naive
// versions: multi-byte characters at the cut, a focus deep in a long line, every class of
// ill-formed UTF-8, the characters XML and terminals must not see.
#include <gtest/gtest.h>

#include <string>

#include "reports/report_format.h"
#include "reports/snippet.h"
#include "reports/valid_text.h"

namespace pgdrydock::test {
namespace {

const std::string kEllipsis = "\xE2\x80\xA6";

std::size_t characters(const std::string& s) {
  std::size_t n = 0;
  for (char c : s)
    n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

TEST(Snippet, ShortTextIsUnchanged) {
  EXPECT_EQ(snippet("SELECT 1", 0, 8), "SELECT 1");
  EXPECT_EQ(snippet("", 5), "");
}

TEST(Snippet, CutsBetweenCharactersWithAnEllipsis) {
  std::string wide;
  for (int i = 0; i < 300; ++i)
    wide += "\xC3\xA9"; // é: a byte cut would leave half of one
  const std::string s = snippet(wide);
  EXPECT_EQ(characters(s), kSnippetChars);
  EXPECT_EQ(s.substr(s.size() - 3), kEllipsis);
  EXPECT_EQ(valid_text(s), s) << "well-formed UTF-8";
}

TEST(Snippet, KeepsTheFocusInView) {
  const std::string line = std::string(100'000, 'x') + "NEEDLE" + std::string(100'000, 'y');
  const std::string s = snippet(line, 100'000);
  EXPECT_NE(s.find("NEEDLE"), std::string::npos) << s;
  EXPECT_EQ(s.rfind(kEllipsis, 0), 0u) << "cut before";
  EXPECT_EQ(s.substr(s.size() - 3), kEllipsis) << "cut after";
  EXPECT_EQ(characters(s), kSnippetChars);
  // Near the end: one ellipsis, in front, and the last character shown.
  const std::string tail = snippet(line, line.size() - 1);
  EXPECT_EQ(tail.rfind(kEllipsis, 0), 0u);
  EXPECT_EQ(tail.back(), 'y');
  EXPECT_EQ(characters(tail), kSnippetChars);
}

TEST(Snippet, FindsAFindingsColumnInTheStatement) {
  StatementResult st;
  st.location = {"f.sql", 3, 5};
  st.text = "ALTER TABLE t\n  ADD COLUMN \xC3\xA9 int, ADD b int NOT NULL";
  // Line 4, column 21 counts the two-byte é as one column.
  const std::size_t at = focus_in(st, {"f.sql", 4, 21});
  EXPECT_EQ(st.text.substr(at, 5), "ADD b");
  EXPECT_EQ(focus_in(st, {"f.sql", 3, 5}), 0u);
  EXPECT_EQ(focus_in(st, {"f.sql", 9, 1}), 0u) << "outside the statement";
  st.findings.push_back({"r", Severity::Error, {"f.sql", 4, 21}, "m", ""});
  st.text += std::string(10'000, ' ') + "tail";
  EXPECT_EQ(characters(shown_statement(st)), kStatementChars);
}

TEST(Snippet, ExcerptStartsAtTheFindingsLineAndCutsEachLine) {
  std::string text;
  for (int i = 1; i <= 20; ++i)
    text += "line " + std::to_string(i) + (i == 15 ? std::string(500, '#') : "") + "\r\n";
  const std::size_t focus = text.find("line 15");
  const Excerpt e = excerpt(text, focus, 6);
  ASSERT_EQ(e.lines.size(), 6u);
  EXPECT_EQ(e.first_line, 11u);
  EXPECT_EQ(e.lines[3].rfind("line 15", 0), 0u);
  EXPECT_EQ(characters(e.lines[3]), kSnippetChars);
  EXPECT_EQ(e.lines[0], "line 12") << "CR dropped";
  EXPECT_TRUE(e.cut_after);
  EXPECT_FALSE(excerpt("a\nb\n\n", 0, 6).cut_after) << "trailing blank lines are not more";
}

TEST(Snippet, RecipesKeepTheirLinesButNotAllOfAHugeOne) {
  const std::string recipe = "Use:\n  CREATE INDEX CONCURRENTLY i ON t (c) WHERE c <> '" +
                             std::string(2'000'000, 'x') + "';\nthen retry";
  const std::string shown = shown_recipe(recipe);
  EXPECT_LT(shown.size(), 3 * kMessageChars);
  EXPECT_EQ(shown.rfind("Use:\n  CREATE INDEX CONCURRENTLY", 0), 0u);
  EXPECT_EQ(shown.substr(shown.size() - 10), "then retry");
  EXPECT_EQ(characters(shown_message(std::string(5000, 'm'))), kMessageChars);
}

const std::string kFffd = "\xEF\xBF\xBD";

TEST(ValidText, ReplacesEachIllFormedSequence) {
  EXPECT_EQ(valid_text("a\xFF"
                       "b"),
            "a" + kFffd + "b");
  EXPECT_EQ(valid_text("\xC0\x80"), kFffd + kFffd) << "overlong NUL: two maximal subparts";
  EXPECT_EQ(valid_text("\xED\xA0\x80"), kFffd + kFffd + kFffd) << "a lone surrogate";
  EXPECT_EQ(valid_text("\xF4\x90\x80\x80"), kFffd + kFffd + kFffd + kFffd) << "above U+10FFFF";
  EXPECT_EQ(valid_text("\xE2\x80"
                       "x"),
            kFffd + "x")
      << "a cut sequence is one subpart";
  EXPECT_EQ(valid_text("caf\xC3\xA9 \xF0\x9F\x90\x98 \xE2\x80\xA6"),
            "caf\xC3\xA9 \xF0\x9F\x90\x98 \xE2\x80\xA6")
      << "well-formed text is kept";
}

TEST(ValidText, ReplacesWhatXmlAndTerminalsMustNotSee) {
  using namespace std::string_literals;
  EXPECT_EQ(valid_text("a\0b"s), "a" + kFffd + "b");
  EXPECT_EQ(valid_text("\x1B[2J\x7F\xC2\x9B\xEF\xBF\xBE\xEF\xBF\xBF"),
            kFffd + "[2J" + kFffd + kFffd + kFffd + kFffd);
  EXPECT_EQ(valid_text("tab\there\r\nnext"), "tab\there\r\nnext");
  EXPECT_EQ(valid_text("\x1B[1m", true), "\x1B[1m") << "the text report's own colours";
}

// A renderer that fails halfway: render() writes nothing at all, so no cut report reaches
// stdout (or a file the shell redirected it to).
class FailsHalfway : public ReportRenderer {
public:
  std::string_view name() const override { return "fails-halfway"; }

protected:
  void write(const LintResult&, const RenderOptions&, std::ostream& out) const override {
    out << "<testsuites>\n  <testsuite name=\"half\">\n";
    throw std::runtime_error("type must be string, but is null");
  }
};

TEST(ReportRenderer, WritesNothingWhenRenderingFails) {
  std::ostringstream out;
  EXPECT_THROW(FailsHalfway().render(LintResult{}, RenderOptions{}, out), std::runtime_error);
  EXPECT_EQ(out.str(), "");
}

} // namespace
} // namespace pgdrydock::test
