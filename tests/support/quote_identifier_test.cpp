// The one identifier quoting: bare exactly when PostgreSQL's quote_identifier() leaves a name
// bare, checked against PostgreSQL's own keyword categories through libpg_query.
#include <gtest/gtest.h>

#include "lint/sql_parser.h"
#include "lint/support/quote_identifier.h"

namespace pgdrydock {
namespace {

TEST(QuoteIdentifier, PlainNamesStayBare) {
  EXPECT_EQ(quote_identifier("orders"), "orders");
  EXPECT_EQ(quote_identifier("_x1$"), "_x1$");
  // Unreserved keywords are valid bare identifiers.
  EXPECT_EQ(quote_identifier("name"), "name");
  EXPECT_EQ(quote_identifier("comment"), "comment");
}

TEST(QuoteIdentifier, KeywordsThatNeedQuotes) {
  EXPECT_EQ(quote_identifier("user"), "\"user\"");     // reserved
  EXPECT_EQ(quote_identifier("select"), "\"select\""); // reserved
  EXPECT_EQ(quote_identifier("int"), "\"int\"");       // column-name keyword
  EXPECT_EQ(quote_identifier("left"), "\"left\"");     // type/function-name keyword
}

TEST(QuoteIdentifier, CharactersThatNeedQuotes) {
  EXPECT_EQ(quote_identifier("Orders"), "\"Orders\"");
  EXPECT_EQ(quote_identifier("my table"), "\"my table\"");
  EXPECT_EQ(quote_identifier("1abc"), "\"1abc\"");
  EXPECT_EQ(quote_identifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(quote_identifier(""), "\"\"");
  EXPECT_EQ(quote_identifier("a;drop"), "\"a;drop\"");
}

TEST(QuoteIdentifier, Qualified) {
  EXPECT_EQ(quote_qualified("public", "user"), "public.\"user\"");
  EXPECT_EQ(quote_qualified("", "t"), "t");
  EXPECT_EQ(quote_qualified("App", "t"), "\"App\".t");
}

TEST(QuoteIdentifier, KeywordCategories) {
  EXPECT_EQ(keyword_category("orders"), KeywordCategory::NotAKeyword);
  EXPECT_EQ(keyword_category("name"), KeywordCategory::Unreserved);
  EXPECT_EQ(keyword_category("int"), KeywordCategory::ColumnName);
  EXPECT_EQ(keyword_category("left"), KeywordCategory::TypeOrFunctionName);
  EXPECT_EQ(keyword_category("user"), KeywordCategory::Reserved);
  EXPECT_EQ(keyword_category("two words"), KeywordCategory::NotAKeyword);
}

} // namespace
} // namespace pgdrydock
