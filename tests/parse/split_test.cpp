// Splitting survives what the scanner cannot read: one unparsable span at the bad token, the
// statements before it intact.
#include <gtest/gtest.h>

#include "lint/sql_parser.h"

namespace pgdrydock {
namespace {

std::vector<std::string> texts(std::string_view sql, const std::vector<StatementSpan>& spans) {
  std::vector<std::string> out;
  for (const auto& s : spans)
    out.emplace_back(sql.substr(s.begin, s.end - s.begin));
  return out;
}

TEST(Split, StatementsCommentsAndBlanksAreTrimmed) {
  std::string_view sql = "-- lead\nSELECT 1;\n\n/* c */ SELECT 2 ;\nSELECT 3";
  auto spans = split_statements(sql);
  EXPECT_EQ(texts(sql, spans), (std::vector<std::string>{"SELECT 1", "SELECT 2", "SELECT 3"}));
  for (const auto& s : spans)
    EXPECT_FALSE(s.unparsable);
}

TEST(Split, UnterminatedQuoteKeepsEarlierStatements) {
  std::string_view sql = "SELECT 1;\nSELECT 'a;b';\nSELECT 'oops; SELECT 2;\n";
  auto spans = split_statements(sql);
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_FALSE(spans[0].unparsable);
  EXPECT_FALSE(spans[1].unparsable);
  EXPECT_EQ(texts(sql, spans)[1], "SELECT 'a;b'");
  const StatementSpan& bad = spans[2];
  EXPECT_TRUE(bad.unparsable);
  EXPECT_NE(bad.error.find("unterminated quoted string"), std::string::npos);
  EXPECT_EQ(sql.substr(bad.begin, 6), "SELECT");
  EXPECT_EQ(bad.error_offset, sql.find("'oops"));
  EXPECT_EQ(bad.end, sql.rfind(';')); // the rest of the file belongs to the open string
}

TEST(Split, ErrorMessageIsOneShortLine) {
  // libpg_query quotes the whole rest of the input after an unterminated quote.
  std::string sql = "SELECT 1;\nSELECT 'never closed\n";
  for (int i = 0; i < 10000; ++i)
    sql += "SELECT more, text FROM another_line;\n";
  auto spans = split_statements(sql);
  ASSERT_EQ(spans.size(), 2u);
  const std::string& message = spans[1].error;
  EXPECT_TRUE(message.starts_with("unterminated quoted string at or near \"'never closed "));
  EXPECT_TRUE(message.ends_with("...\""));
  EXPECT_EQ(message.find('\n'), std::string::npos);
  EXPECT_LT(message.size(), 120u);
}

TEST(Split, UnterminatedDollarQuote) {
  std::string_view sql = "SELECT 1;\nDO $body$ BEGIN PERFORM 1; END $bod;\nSELECT 2;";
  auto spans = split_statements(sql);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_TRUE(spans[1].unparsable);
  EXPECT_NE(spans[1].error.find("unterminated dollar-quoted string"), std::string::npos);
  EXPECT_EQ(spans[1].error_offset, sql.find("$body$"));
}

TEST(Split, UnterminatedCommentAfterLastStatement) {
  std::string_view sql = "SELECT 1;\n/* never closed\nSELECT 2;";
  auto spans = split_statements(sql);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_FALSE(spans[0].unparsable);
  EXPECT_TRUE(spans[1].unparsable);
  EXPECT_EQ(spans[1].begin, sql.find("/*"));
}

TEST(Split, ComplaintInTheMiddleResumesAfterTheStatement) {
  // A zero-length "" identifier is a scanner error that does not swallow the file.
  std::string_view sql = "SELECT 1;\nSELECT \"\" FROM t;\nSELECT 3;\nSELECT 4;";
  auto spans = split_statements(sql);
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_TRUE(spans[1].unparsable);
  EXPECT_EQ(spans[1].error_offset, sql.find("\"\""));
  EXPECT_EQ(texts(sql, spans)[2], "SELECT 3");
  EXPECT_FALSE(spans[3].unparsable);
}

TEST(Split, FunctionBodiesAndDoBlocksStayWhole) {
  std::string_view sql = R"(CREATE FUNCTION touch() RETURNS trigger AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DO $do$ BEGIN IF true THEN RAISE NOTICE 'x;y'; END IF; END $do$;
SELECT 1;)";
  auto spans = split_statements(sql);
  ASSERT_EQ(spans.size(), 3u);
  for (const auto& s : spans)
    EXPECT_FALSE(s.unparsable);
  EXPECT_TRUE(texts(sql, spans)[0].ends_with("LANGUAGE plpgsql"));
  EXPECT_TRUE(texts(sql, spans)[1].ends_with("END $do$"));
}

TEST(Split, ByteOffsetsAfterMultiByteText) {
  std::string_view sql = "SELECT 'café ☕';\nSELECT 2;";
  auto spans = split_statements(sql);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[1].begin, sql.find("SELECT 2"));
}

// libpg_query's splitter leaves out text it cannot place; none of it may vanish.
TEST(Split, MisspeltFirstKeywordIsKeptAsAStatement) {
  std::string_view sql = "SELEC 1;\nSELECT 2;\n-- note\nSELEC 3; /* c */ SELECT 4";
  EXPECT_EQ(texts(sql, split_statements(sql)),
            (std::vector<std::string>{"SELEC 1", "SELECT 2", "SELEC 3", "SELECT 4"}));
}

TEST(Split, UnbalancedParenthesisDoesNotSwallowTheRest) {
  std::string_view sql = "SELECT 0;\nCREATE TABLE broken (id int;\nCREATE INDEX x ON orders (a);\n";
  EXPECT_EQ(texts(sql, split_statements(sql)),
            (std::vector<std::string>{"SELECT 0", "CREATE TABLE broken (id int",
                                      "CREATE INDEX x ON orders (a)"}));
}

TEST(Split, RecoveredStatementsKeepTheirGaps) {
  std::string_view sql = "SELECT 1;\n-- why\nSELEC 2;";
  auto spans = split_statements(sql);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[1].gap_begin, sql.find('\n'));
  EXPECT_EQ(sql.substr(spans[1].begin, spans[1].end - spans[1].begin), "SELEC 2");
}

// The scanner's tokens, decoded from its protobuf by the generated protobuf-c code: comments at
// their exact byte offsets (after multi-byte text, nested block comments, none inside strings).
TEST(ScanComments, CommentsAtByteOffsets) {
  std::string_view sql =
      "SELECT 'é -- no' /* a /* nested */ b */;\n-- tail é\nSELECT $$ /* no */ $$;";
  std::vector<Comment> comments = scan_comments(sql);
  ASSERT_EQ(comments.size(), 2u);
  EXPECT_EQ(sql.substr(comments[0].begin, comments[0].end - comments[0].begin),
            "/* a /* nested */ b */");
  EXPECT_EQ(sql.substr(comments[1].begin, comments[1].end - comments[1].begin), "-- tail é");
  EXPECT_TRUE(scan_comments("SELECT 'unterminated").empty());
}

} // namespace
} // namespace pgdrydock
