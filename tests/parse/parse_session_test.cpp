// ParseSession: parse errors located in the statement, absurd nesting refused before
// libpg_query can overflow its stack, PL/pgSQL bodies left alone.
#include <gtest/gtest.h>

#include "lint/nesting_depth.h"
#include "lint/sql_parser.h"

namespace pgdrydock {
namespace {

std::string nested_parentheses(int depth) {
  return "SELECT " + std::string(static_cast<std::size_t>(depth), '(') + "1" +
         std::string(static_cast<std::size_t>(depth), ')');
}

std::string operator_chain(int terms) {
  std::string sql = "SELECT 1";
  for (int i = 1; i < terms; ++i)
    sql += "+1";
  return sql;
}

TEST(ParseSession, ParsesOneStatement) {
  ParseSession session;
  ParseResult root = session.parse("ALTER TABLE t ADD COLUMN c int");
  ASSERT_TRUE(root.has_value()) << root.error().message;
  EXPECT_EQ(root->kind(), "AlterTableStmt");
}

TEST(ParseSession, SyntaxErrorOffsetIsInBytesAfterMultiByteText) {
  ParseSession session;
  std::string_view sql = "SELECT 'é☕' FRM t";
  ParseResult parsed = session.parse(sql);
  ASSERT_FALSE(parsed.has_value());
  const SyntaxError& err = parsed.error();
  EXPECT_NE(err.message.find("syntax error"), std::string::npos);
  EXPECT_EQ(err.byte_offset, sql.find(" t") + 1);
}

TEST(ParseSession, TenThousandNestedParenthesesAreRefusedNotCrashed) {
  ParseSession session;
  std::string sql = nested_parentheses(10000);
  ParseResult parsed = session.parse(sql);
  ASSERT_FALSE(parsed.has_value());
  const SyntaxError& err = parsed.error();
  EXPECT_NE(err.message.find("nested more than"), std::string::npos);
  EXPECT_EQ(err.byte_offset, 7u + kMaxStatementNesting); // the paren that crosses the limit
}

TEST(ParseSession, LongOperatorChainIsRefusedNotCrashed) {
  // Unchecked, 100,000 chained `+1` overflow libpg_query's recursive tree writer.
  ParseSession session;
  ParseResult parsed = session.parse(operator_chain(100000));
  ASSERT_FALSE(parsed.has_value());
  const SyntaxError& err = parsed.error();
  EXPECT_NE(err.message.find("nested more than"), std::string::npos);
}

TEST(ParseSession, DeepButReasonableNestingStillParses) {
  ParseSession session;
  ParseResult root = session.parse(operator_chain(900));
  ASSERT_TRUE(root.has_value()) << root.error().message;
  EXPECT_EQ(root->kind(), "SelectStmt");
  root = session.parse(nested_parentheses(900));
  ASSERT_TRUE(root.has_value()) << root.error().message;
  // Long flat lists are not nesting: a 20,000-row VALUES list or AND chain parses.
  std::string values = "INSERT INTO t VALUES (1, -1)";
  for (int i = 0; i < 20000; ++i)
    values += ", (1, -1)";
  root = session.parse(values);
  EXPECT_TRUE(root.has_value()) << root.error().message;
  std::string ands = "SELECT 1 WHERE a = 1";
  for (int i = 0; i < 5000; ++i)
    ands += " AND a = 1";
  root = session.parse(ands);
  EXPECT_TRUE(root.has_value()) << root.error().message;
}

TEST(ParseSession, PlpgsqlFunctionBodiesAndDoBlocksParse) {
  ParseSession session;
  ParseResult fn = session.parse(R"(CREATE OR REPLACE FUNCTION audit() RETURNS trigger AS $$
BEGIN
  INSERT INTO audit_logs (table_name, operation) VALUES (TG_TABLE_NAME, TG_OP);
  RETURN COALESCE(NEW, OLD);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER)");
  ASSERT_TRUE(fn.has_value()) << fn.error().message;
  EXPECT_EQ(fn->kind(), "CreateFunctionStmt");
  ParseResult block = session.parse("DO $$ BEGIN CREATE TYPE t AS ENUM ('a'); EXCEPTION WHEN "
                                    "duplicate_object THEN null; END $$");
  ASSERT_TRUE(block.has_value()) << block.error().message;
  EXPECT_EQ(block->kind(), "DoStmt");
}

TEST(NestingDepth, QuotesCommentsAndDollarQuotesDoNotCount) {
  std::string parens(2000, '(');
  EXPECT_FALSE(find_excessive_nesting("SELECT '" + parens + "'").has_value());
  EXPECT_FALSE(find_excessive_nesting("SELECT 1 -- " + parens).has_value());
  EXPECT_FALSE(find_excessive_nesting("SELECT 1 /* " + parens + " */").has_value());
  EXPECT_FALSE(find_excessive_nesting("SELECT $x$" + parens + "$x$").has_value());
  EXPECT_FALSE(find_excessive_nesting("SELECT \"" + parens + "\"").has_value());
  EXPECT_TRUE(find_excessive_nesting("SELECT " + parens).has_value());
}

TEST(NestingDepth, CommasAndClosingParenthesesResetChains) {
  std::string sql = "SELECT ";
  for (int i = 0; i < 3000; ++i)
    sql += "(1+1),";
  sql += "1";
  EXPECT_FALSE(find_excessive_nesting(sql).has_value());
  EXPECT_TRUE(find_excessive_nesting(operator_chain(1002)).has_value());
  EXPECT_FALSE(find_excessive_nesting(operator_chain(1000)).has_value());
}

} // namespace
} // namespace pgdrydock
