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

// Issue 22: without the current type, the types from which a change is free, in words; empty
// when none is (then the change rewrites whatever the column held).
TEST(TypeChange, FreeFromNamesTheCurrentTypesThatMakeItFree) {
  EXPECT_EQ(type_change_free_from("text"), "varchar or text");
  EXPECT_EQ(type_change_free_from("character varying"), "varchar or text");
  EXPECT_EQ(type_change_free_from("varchar(100)"), "varchar(n) with n <= 100");
  EXPECT_EQ(type_change_free_from("numeric"), "numeric(p,s)");
  EXPECT_EQ(type_change_free_from("numeric(12,2)"), "numeric(p,2) with p <= 12");
  EXPECT_EQ(type_change_free_from("numeric(12)"), "numeric(p,0) with p <= 12");
  EXPECT_EQ(type_change_free_from("inet"), "cidr");
  EXPECT_EQ(type_change_free_from("varbit(8)"), "varbit(n) with n <= 8");
  EXPECT_EQ(type_change_free_from("varchar(20)[]"), "arrays of varchar(n) with n <= 20");
  EXPECT_EQ(type_change_free_from("timestamptz(3)"),
            "timestamptz(n) with n <= 3, or timestamp in a session whose time zone is UTC "
            "(PostgreSQL 12+)");
  EXPECT_EQ(type_change_free_from("timestamp"),
            "timestamp of any precision, or timestamptz in a session whose time zone is UTC "
            "(PostgreSQL 12+)");
  for (const char* rewrites : {"bigint", "integer", "uuid", "jsonb", "char(5)", "boolean"})
    EXPECT_EQ(type_change_free_from(rewrites), "") << rewrites;
}

// What free_from promises holds for the exact model: each named source is binary-coercible to
// the target, and a source outside it is not.
TEST(TypeChange, FreeFromAgreesWithTheExactVerdict) {
  EXPECT_TRUE(type_change_is_binary_coercible("varchar(100)", "varchar(100)"));
  EXPECT_TRUE(type_change_is_binary_coercible("varchar(40)", "varchar(100)"));
  EXPECT_FALSE(type_change_is_binary_coercible("varchar(101)", "varchar(100)"));
  EXPECT_TRUE(type_change_is_binary_coercible("numeric(10,2)", "numeric(12,2)"));
  EXPECT_FALSE(type_change_is_binary_coercible("numeric(13,2)", "numeric(12,2)"));
  EXPECT_TRUE(type_change_is_binary_coercible("varchar(5)[]", "varchar(20)[]"));
  EXPECT_TRUE(type_change_is_binary_coercible("timestamptz(1)", "timestamptz(3)"));
  EXPECT_FALSE(type_change_is_binary_coercible("integer", "text"));
}

} // namespace
} // namespace pgdrydock::testing
