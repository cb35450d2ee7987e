// psql's reading of a script (lint/psql_script.h): meta-commands, the `\\` separator, COPY data
// blocks, and backslashes that are not commands because they sit in quotes or comments.
#include <gtest/gtest.h>

#include "lint/psql_script.h"
#include "lint/sql_parser.h"

namespace pgdrydock {
namespace {

using Kind = PsqlSegment::Kind;

struct Piece {
  Kind kind;
  std::string text;
  bool operator==(const Piece&) const = default;
};
std::ostream& operator<<(std::ostream& os, const Piece& p) {
  return os << static_cast<int>(p.kind) << ":[" << p.text << "]";
}

std::vector<Piece> pieces(std::string_view text) {
  std::vector<Piece> out;
  for (const PsqlSegment& s : psql_segments(text))
    out.push_back({s.kind, std::string(text.substr(s.begin, s.end - s.begin))});
  return out;
}

std::vector<std::string> statements(std::string_view sql) {
  std::vector<std::string> out;
  for (const StatementSpan& s : split_statements(sql))
    out.emplace_back((s.psql_meta ? "meta:" : "") +
                     std::string(sql.substr(s.begin, s.end - s.begin)));
  return out;
}

TEST(PsqlSegments, PlainSqlIsOneSegment) {
  EXPECT_EQ(pieces("SELECT 1;\nSELECT 2;\n"),
            (std::vector<Piece>{{Kind::Sql, "SELECT 1;\nSELECT 2;\n"}}));
}

TEST(PsqlSegments, MetaCommandRunsToTheEndOfItsLine) {
  EXPECT_EQ(pieces("SELECT 1;\n\\connect app\nSELECT 2;"),
            (std::vector<Piece>{{Kind::Sql, "SELECT 1;\n"},
                                {Kind::MetaCommand, "\\connect app"},
                                {Kind::Sql, "\nSELECT 2;"}}));
}

TEST(PsqlSegments, UnquotedBackslashStartsTheNextCommand) {
  EXPECT_EQ(pieces("\\set a 1 \\set b 2\n"), (std::vector<Piece>{{Kind::MetaCommand, "\\set a 1 "},
                                                                 {Kind::MetaCommand, "\\set b 2"},
                                                                 {Kind::Sql, "\n"}}));
}

TEST(PsqlSegments, DoubleBackslashResumesSql) {
  EXPECT_EQ(pieces("\\echo hi \\\\ SELECT 1;"),
            (std::vector<Piece>{{Kind::MetaCommand, "\\echo hi \\\\"}, {Kind::Sql, " SELECT 1;"}}));
}

TEST(PsqlSegments, QuotedArgumentKeepsItsBackslash) {
  EXPECT_EQ(pieces("\\set msg 'a \\\\ b'\nSELECT 1;"),
            (std::vector<Piece>{{Kind::MetaCommand, "\\set msg 'a \\\\ b'"},
                                {Kind::Sql, "\nSELECT 1;"}}));
}

TEST(PsqlSegments, WholeLineCommandsKeepBackslashes) {
  EXPECT_EQ(pieces("\\! echo a \\ b\n"),
            (std::vector<Piece>{{Kind::MetaCommand, "\\! echo a \\ b"}, {Kind::Sql, "\n"}}));
}

TEST(PsqlSegments, BackslashesInQuotesAndCommentsAreText) {
  std::string_view sql = "SELECT E'\\'\\\\', 'a\\', \"q\\\", $f$ \\c x $f$, $1; -- \\x\n"
                         "/* \\i y /* nested \\z */ */ SELECT 2;";
  EXPECT_EQ(pieces(sql), (std::vector<Piece>{{Kind::Sql, std::string(sql)}}));
}

TEST(PsqlSegments, CopyFromStdinDataRunsToTheTerminator) {
  std::string_view sql = "COPY t (a, b) FROM stdin;\n1\tx;y\n2\t\\N\n\\.\nSELECT 1;\n";
  EXPECT_EQ(pieces(sql), (std::vector<Piece>{{Kind::Sql, "COPY t (a, b) FROM stdin;"},
                                             {Kind::CopyData, "1\tx;y\n2\t\\N\n"},
                                             {Kind::Sql, "\nSELECT 1;\n"}}));
}

TEST(PsqlSegments, CopyDataWithoutTerminatorRunsToTheEnd) {
  EXPECT_EQ(pieces("copy t from STDIN with (format csv);\r\n1,2\r\n"),
            (std::vector<Piece>{{Kind::Sql, "copy t from STDIN with (format csv);\r"},
                                {Kind::CopyData, "1,2\r\n"}}));
}

TEST(PsqlSegments, CrLfTerminator) {
  EXPECT_EQ(pieces("COPY t FROM stdin;\r\n1\r\n\\.\r\nSELECT 1;"),
            (std::vector<Piece>{{Kind::Sql, "COPY t FROM stdin;\r"},
                                {Kind::CopyData, "1\r\n"},
                                {Kind::Sql, "\nSELECT 1;"}}));
}

TEST(PsqlSegments, OtherCopiesHaveNoData) {
  // TO STDOUT, FROM a file, and a query inside parentheses that mentions stdin.
  std::string_view sql = "COPY (SELECT a FROM stdin) TO STDOUT;\nCOPY t FROM '/tmp/f';\n"
                         "COPY \"from\" TO stdout;\nSELECT 1 FROM stdin;\nSELECT 2;\n";
  EXPECT_EQ(pieces(sql), (std::vector<Piece>{{Kind::Sql, std::string(sql)}}));
}

TEST(PsqlSegments, BackslashCopyFromStdinHasData) {
  EXPECT_EQ(pieces("\\copy t from stdin\n1\n\\.\n\\copy t from pstdin\n"),
            (std::vector<Piece>{{Kind::MetaCommand, "\\copy t from stdin"},
                                {Kind::CopyData, "1\n"},
                                {Kind::Sql, "\n"},
                                {Kind::MetaCommand, "\\copy t from pstdin"},
                                {Kind::Sql, "\n"}}));
}

TEST(PsqlSplit, MetaCommandsAreSpansOfTheirOwn) {
  EXPECT_EQ(statements("\\set ON_ERROR_STOP on\nCREATE TABLE a (id int);\n\\i more.sql\n"
                       "SELECT 1 \\g\nSELECT 2;"),
            (std::vector<std::string>{"meta:\\set ON_ERROR_STOP on", "CREATE TABLE a (id int)",
                                      "meta:\\i more.sql", "SELECT 1", "meta:\\g", "SELECT 2"}));
}

TEST(PsqlSplit, CopyStatementCarriesItsRows) {
  std::string_view sql = "COPY t FROM stdin;\n1\n2\n\\.\nSELECT 3;";
  auto spans = split_statements(sql);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(sql.substr(spans[0].begin, spans[0].end - spans[0].begin), "COPY t FROM stdin");
  EXPECT_EQ(sql.substr(spans[0].copy_data_begin, spans[0].copy_data_end - spans[0].copy_data_begin),
            "1\n2\n");
  EXPECT_EQ(sql.substr(spans[1].begin, spans[1].end - spans[1].begin), "SELECT 3");
  EXPECT_EQ(spans[1].copy_data_end, 0u);
}

TEST(PsqlSplit, SyntaxErrorAfterDataKeepsItsOffset) {
  std::string_view sql = "COPY t FROM stdin;\n'unclosed\n\\.\nSELEC 1;\n";
  auto spans = split_statements(sql);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[1].begin, sql.find("SELEC"));
}

} // namespace
} // namespace pgdrydock
