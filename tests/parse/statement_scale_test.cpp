// One statement costs what it holds (issue 15): a statement over the size limit is refused
// before it is parsed, a huge tree is given back before the next parse, and a query naming
// 100,000 relations gets one effect per relation, merged and in order (the index that made
// the lock list linear must not change what it holds).
#include <string>

#include <gtest/gtest.h>

#include "lint/effects/effect_list.h"
#include "lint/effects/predict.h"
#include "lint/sql_parser.h"
#include "lint/statement_limits.h"

namespace pgdrydock {
namespace {

// Restores the process-wide statement limit whatever the test does.
struct StatementLimitGuard {
  std::uint64_t saved = max_statement_bytes();
  ~StatementLimitGuard() { set_max_statement_bytes(saved); }
};

std::string from_list(int relations) {
  std::string sql = "SELECT 1 FROM t0";
  for (int i = 1; i < relations; ++i)
    sql += ", t" + std::to_string(i);
  return sql;
}

TEST(StatementLimits, DefaultIs32MB) {
  EXPECT_EQ(kDefaultMaxStatementBytes, std::uint64_t{32} << 20);
}

TEST(StatementLimits, AStatementAtTheLimitIsParsedOneByteMoreIsRefused) {
  StatementLimitGuard guard;
  const std::string sql = "SELECT 1 " + std::string(100, ' ') + "+ 2";
  set_max_statement_bytes(sql.size());
  ParseSession session;
  ParseResult at_limit = session.parse(sql);
  ASSERT_TRUE(at_limit.has_value()) << at_limit.error().message;

  set_max_statement_bytes(sql.size() - 1);
  ParseResult over = session.parse(sql);
  ASSERT_FALSE(over.has_value());
  EXPECT_EQ(over.error().byte_offset, 0U); // reported where the statement starts
  EXPECT_EQ(over.error().message,
            "statement of " + std::to_string(sql.size()) +
                " bytes is larger than the statement limit of " + std::to_string(sql.size() - 1) +
                " bytes (raise it with --max-statement-size or [limits] max_statement_bytes)");
  EXPECT_TRUE(is_limit_refusal(over.error().message));
}

TEST(StatementLimits, NestingRefusalIsALimitAndASyntaxErrorIsNot) {
  ParseSession session;
  ParseResult deep =
      session.parse("SELECT " + std::string(5000, '(') + "1" + std::string(5000, ')'));
  ASSERT_FALSE(deep.has_value());
  EXPECT_TRUE(is_limit_refusal(deep.error().message)) << deep.error().message;
  ParseResult typo = session.parse("SELEC 1");
  ASSERT_FALSE(typo.has_value());
  EXPECT_FALSE(is_limit_refusal(typo.error().message)) << typo.error().message;
}

TEST(ParseSessionMemory, ASmallTreeAfterAHugeOneIsWhole) {
  // 300,000 relations make a JSON tree far over the capacity a session keeps: the next parse
  // gives that DOM back first and must still hand out a whole, valid tree.
  ParseSession session;
  ParseResult huge = session.parse(from_list(300000));
  ASSERT_TRUE(huge.has_value()) << huge.error().message;
  EXPECT_EQ(huge->body().list("fromClause").size(), 300000U);
  ParseResult small = session.parse("ALTER TABLE orders ADD COLUMN note text");
  ASSERT_TRUE(small.has_value()) << small.error().message;
  EXPECT_EQ(small->kind(), "AlterTableStmt");
  EXPECT_EQ(small->body()["relation"].str("relname"), "orders");
  session.release_large_tree(); // nothing large to give back: harmless
  ParseResult again = session.parse("SELECT 1 FROM a, b");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->body().list("fromClause").size(), 2U);
}

TEST(EffectList, ALockOnARelationAlreadyListedMergesIntoItsEntry) {
  EffectList list;
  list.lock("public.a", RelationKind::Unknown, LockMode::AccessShare);
  list.lock("public.b", RelationKind::Table, LockMode::RowExclusive);
  Effect& a = list.lock("public.a", RelationKind::Table, LockMode::AccessExclusive);
  EXPECT_EQ(a.lock, LockMode::AccessExclusive);
  list.lock("public.a", RelationKind::Index, LockMode::RowShare); // weaker: kept strongest
  std::vector<Effect> effects = list.take();
  ASSERT_EQ(effects.size(), 2U);
  EXPECT_EQ(effects[0].relation, "public.a"); // the order of first mention
  EXPECT_EQ(effects[0].lock, LockMode::AccessExclusive);
  EXPECT_EQ(effects[0].kind, RelationKind::Table); // Unknown filled in once, then kept
  EXPECT_EQ(effects[1].relation, "public.b");
  EXPECT_TRUE(list.empty());
  // After take() the index is empty too: the same name starts a new entry.
  list.lock("public.a", RelationKind::Table, LockMode::AccessShare);
  EXPECT_EQ(list.take().size(), 1U);
}

TEST(EffectList, AHundredThousandItemFromListGivesOneEffectPerRelationInOrder) {
  ParseSession session;
  std::string sql = from_list(100000) + ", t5, public.t7"; // repeats merge into their entries
  ParseResult root = session.parse(sql);
  ASSERT_TRUE(root.has_value()) << root.error().message;
  std::vector<Effect> effects = predict_effects(*root, EffectContext{});
  ASSERT_EQ(effects.size(), 100000U);
  for (std::size_t i = 0; i < effects.size(); i += 9973)
    EXPECT_EQ(effects[i].relation, "public.t" + std::to_string(i));
  EXPECT_EQ(effects.back().relation, "public.t99999");
  for (const Effect& e : effects)
    ASSERT_EQ(e.lock, LockMode::AccessShare) << e.relation;
}

} // namespace
} // namespace pgdrydock
