#include "effect_test_support.h"

namespace pgdrydock::testing {
namespace {

TEST(CanonicalTypeName, SqlSpellingsAndParseTreesAgree) {
  EXPECT_EQ(canonical_type_name("character varying(20)"), "varchar(20)");
  EXPECT_EQ(canonical_type_name("CHARACTER  VARYING ( 20 )"), "varchar(20)");
  EXPECT_EQ(canonical_type_name("timestamp(3) with time zone"), "timestamptz(3)");
  EXPECT_EQ(canonical_type_name("integer"), "int4");
  EXPECT_EQ(canonical_type_name("numeric(10, 2)"), "numeric(10,2)");
  EXPECT_EQ(canonical_type_name("text[]"), "text[]");
  EXPECT_EQ(canonical_type_name("pg_catalog.int8"), "int8");
}

TEST(TypeChange, BinaryCoercibleChangesKeepTheData) {
  EXPECT_TRUE(type_change_is_binary_coercible("varchar(10)", "varchar(20)"));
  EXPECT_TRUE(type_change_is_binary_coercible("character varying(10)", "text"));
  EXPECT_TRUE(type_change_is_binary_coercible("varchar(10)", "varchar"));
  EXPECT_TRUE(type_change_is_binary_coercible("text", "varchar"));
  EXPECT_TRUE(type_change_is_binary_coercible("numeric(10,2)", "numeric(12,2)"));
  EXPECT_TRUE(type_change_is_binary_coercible("numeric(10,2)", "numeric"));
  EXPECT_TRUE(type_change_is_binary_coercible("cidr", "inet"));
  EXPECT_TRUE(type_change_is_binary_coercible("timestamp(0)", "timestamp(3)"));
}

TEST(TypeChange, OtherChangesRewrite) {
  EXPECT_FALSE(type_change_is_binary_coercible("varchar(20)", "varchar(10)"));
  EXPECT_FALSE(type_change_is_binary_coercible("text", "varchar(10)"));
  EXPECT_FALSE(type_change_is_binary_coercible("integer", "bigint"));
  EXPECT_FALSE(type_change_is_binary_coercible("numeric(10,2)", "numeric(12,3)"));
  EXPECT_FALSE(type_change_is_binary_coercible("numeric", "numeric(10,2)"));
  EXPECT_FALSE(type_change_is_binary_coercible("text", "text[]"));
  EXPECT_FALSE(type_change_is_binary_coercible("char(5)", "text"));
}

TEST(TypeChange, MaySkipRewriteOnlyForLimitTypes) {
  EXPECT_TRUE(type_change_may_skip_rewrite("text"));
  EXPECT_TRUE(type_change_may_skip_rewrite("varchar(50)"));
  EXPECT_TRUE(type_change_may_skip_rewrite("numeric(12,2)"));
  EXPECT_FALSE(type_change_may_skip_rewrite("bigint"));
  EXPECT_FALSE(type_change_may_skip_rewrite("uuid"));
}

} // namespace
} // namespace pgdrydock::testing
