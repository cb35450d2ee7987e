// CHECK constraints in the form PostgreSQL deparses them (pg_get_constraintdef).
#include "simulate/seed/seeder_checks.h"

#include <gtest/gtest.h>

namespace pgdrydock {
namespace {

std::map<std::string, ColumnRestriction> parse(const std::string& definition,
                                               bool expect_understood = true) {
  std::map<std::string, ColumnRestriction> restrictions;
  EXPECT_EQ(parse_check_constraint(definition, restrictions), expect_understood) << definition;
  return restrictions;
}

TEST(SeederChecksTest, BoundsFromComparisonsAndBetween) {
  auto r = parse("CHECK ((price > (0)::numeric))");
  ASSERT_TRUE(r["price"].lower);
  EXPECT_EQ(*r["price"].lower, 0);
  EXPECT_TRUE(r["price"].lower_strict);

  r = parse("CHECK (((age >= 18) AND (age <= 120)))");
  EXPECT_EQ(*r["age"].lower, 18);
  EXPECT_FALSE(r["age"].lower_strict);
  EXPECT_EQ(*r["age"].upper, 120);

  r = parse("CHECK ((n > '-5'::integer))");
  EXPECT_EQ(*r["n"].lower, -5);

  r = parse("CHECK ((e < ('10000000000'::numeric)::double precision))");
  EXPECT_EQ(*r["e"].upper, 1e10);
  EXPECT_TRUE(r["e"].upper_strict);
}

TEST(SeederChecksTest, ListsLengthsAndNonEmptyStrings) {
  auto r = parse("CHECK (((status)::text = ANY ((ARRAY['new'::character varying, "
                 "'it''s'::character varying])::text[])))");
  EXPECT_EQ(r["status"].allowed, (std::vector<std::string>{"new", "it's"}));

  r = parse("CHECK ((q <> ALL (ARRAY['z'::text, 'y'::text])))");
  EXPECT_EQ(r["q"].excluded, (std::vector<std::string>{"z", "y"}));

  r = parse("CHECK ((length(code) <= 5))");
  EXPECT_EQ(*r["code"].max_length, 5);
  r = parse("CHECK ((char_length((h)::text) >= 2))");
  EXPECT_EQ(*r["h"].min_length, 2);
  r = parse("CHECK ((e <> ''::text))");
  EXPECT_EQ(*r["e"].min_length, 1);
  r = parse("CHECK ((x <> 3)) NOT VALID");
  EXPECT_EQ(r["x"].excluded, (std::vector<std::string>{"3"}));
}

TEST(SeederChecksTest, DomainValueAndQuotedNames) {
  std::map<std::string, ColumnRestriction> r;
  EXPECT_TRUE(parse_check_constraint("CHECK ((VALUE > 0))", r, "visits"));
  EXPECT_EQ(*r["visits"].lower, 0);
  r = parse("CHECK ((\"Weird Name\" >= 1))");
  EXPECT_EQ(*r["Weird Name"].lower, 1);
}

TEST(SeederChecksTest, WhatIsNotUnderstoodIsReportedAndLeftOut) {
  auto r = parse("CHECK ((low < high))", false);
  EXPECT_TRUE(r.empty());
  r = parse("CHECK (((a > 0) OR (b > 0)))", false);
  EXPECT_TRUE(r.empty());
  // The understood half of a conjunction still counts.
  r = parse("CHECK (((a > 0) AND (lower(b) = b)))", false);
  EXPECT_EQ(*r["a"].lower, 0);
}

TEST(SeederChecksTest, IntersectionKeepsTheTighterBounds) {
  ColumnRestriction a;
  a.lower = 1;
  a.upper = 100;
  ColumnRestriction b;
  b.lower = 5;
  b.upper = 200;
  b.max_length = 3;
  a.intersect(b);
  EXPECT_EQ(*a.lower, 5);
  EXPECT_EQ(*a.upper, 100);
  EXPECT_EQ(*a.max_length, 3);
}

} // namespace
} // namespace pgdrydock
