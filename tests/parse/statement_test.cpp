// Statements carry file coordinates (1-based, UTF-8 aware, right inside dbmate down sections)
// and the ignore directives written beside them.
#include <gtest/gtest.h>

#include "lint/migration.h"
#include "lint/statement.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock {
namespace {

std::vector<Statement> statements_of(const SourceFilePtr& file, std::size_t begin,
                                     std::size_t end) {
  std::vector<Statement> out;
  for_each_statement(file, begin, end, [&](Statement& s) { out.push_back(s); });
  return out;
}

std::vector<Statement> statements_of(const std::string& sql) {
  auto file = std::make_shared<const SourceFile>("x.sql", sql);
  return statements_of(file, 0, sql.size());
}

TEST(StatementLocation, ColumnsCountCodePointsNotBytes) {
  auto st = statements_of("SELECT 'é☕'; SELECT 2;\n  SELECT 3;");
  ASSERT_EQ(st.size(), 3u);
  EXPECT_EQ(st[0].location.line, 1);
  EXPECT_EQ(st[0].location.column, 1);
  EXPECT_EQ(st[1].location.line, 1);
  EXPECT_EQ(st[1].location.column, 14);
  EXPECT_EQ(st[2].location.line, 2);
  EXPECT_EQ(st[2].location.column, 3);
  EXPECT_EQ(st[2].index, 2);
}

TEST(StatementLocation, DbmateDownSectionUsesFileLines) {
  testing::TempFolder t;
  std::string path = t.write("20240101_x.sql", "-- migrate:up\n"
                                               "CREATE TABLE ünïcode (id int);\n"
                                               "\n"
                                               "-- migrate:down\n"
                                               "-- comment\n"
                                               "  DROP TABLE ünïcode; DROP TABLE t2;\n");
  MigrationSet set = load_migrations({path}, {});
  ASSERT_EQ(set.migrations.size(), 1u);
  const Script& down = *set.migrations[0].down;
  auto st = statements_of(down.file, down.begin, down.end);
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0].location.file, path);
  EXPECT_EQ(st[0].location.line, 6);
  EXPECT_EQ(st[0].location.column, 3);
  EXPECT_EQ(st[1].location.line, 6);
  EXPECT_EQ(st[1].location.column, 23);
  EXPECT_EQ(st[1].text(), "DROP TABLE t2");
}

TEST(StatementLocation, UnterminatedQuoteIsOneErrorAtTheQuote) {
  auto st = statements_of("SELECT 1;\nSELECT 2;\nSELECT 'é',\n  'never closed;\nSELECT 4;\n");
  ASSERT_EQ(st.size(), 3u);
  EXPECT_FALSE(st[0].syntax_error.has_value());
  EXPECT_FALSE(st[1].syntax_error.has_value());
  ASSERT_TRUE(st[2].syntax_error.has_value());
  EXPECT_NE(st[2].syntax_error->find("unterminated quoted string"), std::string::npos);
  EXPECT_EQ(st[2].location.line, 3);
  EXPECT_EQ(st[2].location.column, 1);
  EXPECT_EQ(st[2].error_location.line, 4);
  EXPECT_EQ(st[2].error_location.column, 3);
}

TEST(StatementLocation, UnterminatedDollarQuoteInsideDownSection) {
  std::string sql = "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\nDO $$ BEGIN\n";
  auto file = std::make_shared<const SourceFile>("d.sql", sql);
  std::size_t down = sql.find("SELECT 2");
  auto st = statements_of(file, down, sql.size());
  ASSERT_EQ(st.size(), 2u);
  ASSERT_TRUE(st[1].syntax_error.has_value());
  EXPECT_EQ(st[1].error_location.line, 5);
  EXPECT_EQ(st[1].error_location.column, 4);
}

TEST(IgnoreDirectives, LineBeforeAndEndOfStatement) {
  auto st = statements_of("-- pgdrydock:ignore require-concurrent-index-creation the table is new\n"
                          "CREATE INDEX a ON t (c);\n"
                          "CREATE INDEX b ON t (c); -- pgdrydock:ignore all backfilled earlier\n"
                          "CREATE INDEX c ON t (c);\n");
  ASSERT_EQ(st.size(), 3u);
  ASSERT_EQ(st[0].ignores.size(), 1u);
  EXPECT_EQ(st[0].ignores[0].rule, "require-concurrent-index-creation");
  EXPECT_EQ(st[0].ignores[0].reason, "the table is new");
  EXPECT_EQ(st[0].ignores[0].line, 1);
  EXPECT_TRUE(st[0].ignored("require-concurrent-index-creation"));
  EXPECT_FALSE(st[0].ignored("table-rewrite"));
  ASSERT_EQ(st[1].ignores.size(), 1u);
  EXPECT_EQ(st[1].ignores[0].rule, "all");
  EXPECT_TRUE(st[1].ignored("anything"));
  // The trailing directive of statement 2 does not leak onto statement 3.
  EXPECT_TRUE(st[2].ignores.empty());
}

TEST(IgnoreDirectives, TwoLinesAboveDoesNotCountAndCrlfIsTrimmed) {
  auto st = statements_of("-- pgdrydock:ignore table-rewrite\r\n\r\nALTER TABLE t SET LOGGED;\r\n"
                          "/* pgdrydock:ignore setting-not-null reason here */\r\n"
                          "ALTER TABLE t ALTER c SET NOT NULL;\r\n");
  ASSERT_EQ(st.size(), 2u);
  EXPECT_TRUE(st[0].ignores.empty());
  ASSERT_EQ(st[1].ignores.size(), 1u);
  EXPECT_EQ(st[1].ignores[0].rule, "setting-not-null");
  EXPECT_EQ(st[1].ignores[0].reason, "reason here");
}

TEST(IgnoreDirectives, ParseIgnoreComment) {
  auto d = parse_ignore_comment("-- pgdrydock:ignore adding-required-column  default is set ");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->rule, "adding-required-column");
  EXPECT_EQ(d->reason, "default is set");
  EXPECT_FALSE(parse_ignore_comment("-- pgdrydock:ignore").has_value());
  EXPECT_FALSE(parse_ignore_comment("-- an ordinary comment").has_value());
}

} // namespace
} // namespace pgdrydock
