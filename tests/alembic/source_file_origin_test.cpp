// SourceFile origins: generated SQL reported at the lines of the code that produced it.
#include <memory>

#include <gtest/gtest.h>

#include "lint/source_file.h"
#include "lint/statement.h"

namespace pgdrydock {
namespace {

TEST(SourceFileOrigin, WithoutOriginsLocationsAreTheTextsOwn) {
  SourceFile plain("m.sql", "SELECT 1;\nSELECT 2;\n");
  EXPECT_EQ(plain.origin_at(12), nullptr);
  SourceLocation at = plain.location(10);
  EXPECT_EQ(at.file, "m.sql");
  EXPECT_EQ(at.line, 2);
  EXPECT_EQ(at.column, 1);
}

TEST(SourceFileOrigin, OffsetsMapToTheLastOriginStartingAtOrBeforeThem) {
  std::string sql = "CREATE TABLE a (id int);\n\nUPDATE a SET id = 1;\n\n";
  std::vector<SourceOrigin> origins{{26, sql.size(), 23, 5, {}}, {0, 26, 20, 9, {}}};
  SourceFile file("versions/006.py", sql, origins); // unsorted on purpose
  EXPECT_EQ(file.location(0).line, 20);
  EXPECT_EQ(file.location(0).column, 9);
  EXPECT_EQ(file.location(30).line, 23);
  EXPECT_EQ(file.location(30).file, "versions/006.py");
  // position() stays in the generated text: the splitter and the ignore logic need it.
  EXPECT_EQ(file.position(26).line, 3);
}

TEST(SourceFileOrigin, StatementsCarryLocationsAndIgnoresOfTheirOrigin) {
  std::string sql = "ALTER TABLE users ADD COLUMN v boolean;\n\nUPDATE users SET v = false;\n\n";
  std::size_t update_at = sql.find("UPDATE");
  std::vector<SourceOrigin> origins{
      {0, update_at, 12, 5, {}},
      {update_at, sql.size(), 14, 5, {{"alembic-mixed-data-migration", "40 rows", 13}}}};
  auto file = std::make_shared<const SourceFile>("i2.py", sql, origins);
  std::vector<Statement> seen;
  for_each_statement(file, 0, sql.size(), [&](Statement& st) { seen.push_back(st); });
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].location.line, 12);
  EXPECT_TRUE(seen[0].ignores.empty());
  EXPECT_EQ(seen[1].location.line, 14);
  ASSERT_EQ(seen[1].ignores.size(), 1u);
  EXPECT_EQ(seen[1].ignores[0].line, 13);
  EXPECT_EQ(seen[1].ignores[0].reason, "40 rows");
  EXPECT_TRUE(seen[1].ignored("alembic-mixed-data-migration"));
  EXPECT_FALSE(seen[0].ignored("alembic-mixed-data-migration"));
}

TEST(SourceFileOrigin, SqlIgnoreCommentsStillWorkInGeneratedText) {
  // An op.execute string may carry its own SQL comment directive.
  std::string sql = "-- pgdrydock:ignore all seeded by hand\nUPDATE users SET v = false;\n\n";
  auto file = std::make_shared<const SourceFile>(
      "x.py", sql, std::vector<SourceOrigin>{{0, sql.size(), 40, 5, {}}});
  std::vector<Statement> seen;
  for_each_statement(file, 0, sql.size(), [&](Statement& st) { seen.push_back(st); });
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].location.line, 40);
  EXPECT_TRUE(seen[0].ignored("anything"));
}

} // namespace
} // namespace pgdrydock
