// LintContext::not_null_checks, kept by the context tracker: the CHECK (col IS NOT NULL)
// constraints a script added, validated and dropped (used by setting-not-null).
#include <gtest/gtest.h>

#include "lint/context_tracker.h"
#include "lint/sql_parser.h"

namespace pgdrydock {
namespace {

class NotNullCheckTracking : public ::testing::Test {
protected:
  void run(const std::string& sql) {
    SyntaxError err;
    std::optional<Node> root = parser_.parse(sql, &err);
    ASSERT_TRUE(root.has_value()) << err.message;
    advance_context(ctx_, Statement{}, *root, {});
  }
  void SetUp() override { begin_script(ctx_, TransactionMode::Autocommit); }

  ParseSession parser_;
  LintContext ctx_;
};

TEST_F(NotNullCheckTracking, ValidatedWhenAddedWithoutNotValid) {
  run("ALTER TABLE orders ADD CONSTRAINT c CHECK (x IS NOT NULL)");
  EXPECT_TRUE(ctx_.has_validated_not_null_check("public.orders", "x"));
  EXPECT_FALSE(ctx_.has_validated_not_null_check("public.orders", "y"));
  EXPECT_FALSE(ctx_.has_validated_not_null_check("public.other", "x"));
}

TEST_F(NotNullCheckTracking, NotValidUntilValidated) {
  run("ALTER TABLE s.orders ADD CONSTRAINT c CHECK (x IS NOT NULL) NOT VALID");
  EXPECT_FALSE(ctx_.has_validated_not_null_check("s.orders", "x"));
  run("ALTER TABLE s.orders VALIDATE CONSTRAINT c");
  EXPECT_TRUE(ctx_.has_validated_not_null_check("s.orders", "x"));
  run("ALTER TABLE s.orders DROP CONSTRAINT c");
  EXPECT_FALSE(ctx_.has_validated_not_null_check("s.orders", "x"));
}

TEST_F(NotNullCheckTracking, OtherChecksAreNotNotNullChecks) {
  run("ALTER TABLE orders ADD CONSTRAINT c CHECK (x IS NOT NULL AND y > 0)");
  run("ALTER TABLE orders ADD CONSTRAINT d CHECK (x IS NULL)");
  run("ALTER TABLE orders ADD CONSTRAINT e CHECK (o.x IS NOT NULL)");
  EXPECT_FALSE(ctx_.has_validated_not_null_check("public.orders", "x"));
}

TEST_F(NotNullCheckTracking, ANewScriptStartsEmpty) {
  run("ALTER TABLE orders ADD CONSTRAINT c CHECK (x IS NOT NULL)");
  begin_script(ctx_, TransactionMode::RunnerWrapped);
  EXPECT_FALSE(ctx_.has_validated_not_null_check("public.orders", "x"));
}

} // namespace
} // namespace pgdrydock
