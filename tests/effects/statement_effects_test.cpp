// Every statement family besides ALTER TABLE: statement -> expected effects.
#include "effect_test_support.h"

namespace pgdrydock::testing {
namespace {

struct Case {
  const char* sql;
  std::vector<std::string> expected;
};

class StatementEffects : public ::testing::TestWithParam<Case> {};

TEST_P(StatementEffects, PredictsEveryRelationAndMode) {
  const Case& c = GetParam();
  EXPECT_EQ(predict(c.sql).effects, sorted(c.expected)) << c.sql;
}

INSTANTIATE_TEST_SUITE_P(
    Indexes, StatementEffects,
    ::testing::Values(
        Case{"CREATE INDEX orders_a_idx ON orders (a)",
             {"public.orders ShareLock scan", "public.orders_a_idx AccessExclusiveLock creates"}},
        Case{"CREATE INDEX CONCURRENTLY ON s.orders (a, lower(b)) INCLUDE (c)",
             {"s.orders ShareUpdateExclusiveLock scan",
              "s.orders_a_lower_c_idx AccessExclusiveLock creates"}},
        Case{
            "CREATE UNIQUE INDEX ON orders (code)",
            {"public.orders ShareLock scan", "public.orders_code_idx AccessExclusiveLock creates"}},
        Case{"DROP INDEX orders_a_idx", {"public.orders_a_idx AccessExclusiveLock"}},
        Case{"DROP INDEX CONCURRENTLY s.orders_a_idx", {"s.orders_a_idx AccessExclusiveLock"}},
        Case{"REINDEX INDEX orders_a_idx",
             {"public.orders_a_idx AccessExclusiveLock rewrite scan"}},
        Case{"REINDEX INDEX CONCURRENTLY orders_a_idx",
             {"public.orders_a_idx AccessExclusiveLock rewrite scan"}},
        Case{"REINDEX TABLE orders", {"public.orders ShareLock scan"}},
        Case{"REINDEX TABLE CONCURRENTLY orders", {"public.orders ShareUpdateExclusiveLock scan"}},
        Case{"CLUSTER orders USING orders_pkey",
             {"public.orders AccessExclusiveLock rewrite scan",
              "public.orders_pkey AccessExclusiveLock rewrite"}},
        Case{"VACUUM FULL orders", {"public.orders AccessExclusiveLock rewrite scan"}},
        Case{"VACUUM orders, s.items",
             {"public.orders ShareUpdateExclusiveLock scan",
              "s.items ShareUpdateExclusiveLock scan"}},
        Case{"ANALYZE orders", {"public.orders ShareUpdateExclusiveLock scan"}}));

INSTANTIATE_TEST_SUITE_P(
    Definitions, StatementEffects,
    ::testing::Values(
        Case{"CREATE TABLE items (id bigserial PRIMARY KEY, order_id int REFERENCES orders (id), "
             "code text UNIQUE)",
             {"public.items AccessExclusiveLock creates",
              "public.items_id_seq AccessExclusiveLock creates",
              "public.items_pkey AccessExclusiveLock creates",
              "public.items_code_key AccessExclusiveLock creates",
              "public.orders ShareRowExclusiveLock"}},
        Case{"CREATE TABLE s.items (id int GENERATED ALWAYS AS IDENTITY, o int, "
             "FOREIGN KEY (o) REFERENCES orders (id))",
             {"s.items AccessExclusiveLock creates", "s.items_id_seq AccessExclusiveLock creates",
              "public.orders ShareRowExclusiveLock"}},
        Case{"CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10)",
             {"public.p1 AccessExclusiveLock creates", "public.p AccessExclusiveLock"}},
        Case{
            "CREATE TABLE child (y int) INHERITS (parent)",
            {"public.child AccessExclusiveLock creates", "public.parent ShareUpdateExclusiveLock"}},
        Case{"CREATE TABLE l (LIKE orders)",
             {"public.l AccessExclusiveLock creates", "public.orders AccessShareLock"}},
        Case{"CREATE VIEW v AS SELECT * FROM orders JOIN s.items USING (id)",
             {"public.v AccessExclusiveLock creates", "public.orders AccessShareLock",
              "s.items AccessShareLock"}},
        Case{"CREATE OR REPLACE VIEW v AS SELECT 1", {"public.v AccessExclusiveLock"}},
        Case{"CREATE MATERIALIZED VIEW mv AS SELECT * FROM orders",
             {"public.mv AccessExclusiveLock creates", "public.orders AccessShareLock"}},
        Case{"CREATE TABLE copy AS WITH x AS (SELECT * FROM orders) SELECT * FROM x",
             {"public.copy AccessExclusiveLock creates", "public.orders AccessShareLock"}},
        Case{"CREATE SEQUENCE s.counter", {"s.counter AccessExclusiveLock creates"}},
        Case{"ALTER SEQUENCE counter RESTART", {"public.counter ShareRowExclusiveLock rewrite"}},
        Case{"ALTER SEQUENCE counter OWNED BY orders.id",
             {"public.counter ShareRowExclusiveLock", "public.orders AccessShareLock"}},
        Case{"REFRESH MATERIALIZED VIEW mv", {"public.mv AccessExclusiveLock rewrite scan"}},
        Case{"REFRESH MATERIALIZED VIEW CONCURRENTLY mv", {"public.mv ExclusiveLock scan"}},
        Case{"CREATE TRIGGER trg BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION f()",
             {"public.orders ShareRowExclusiveLock"}},
        Case{"DROP TRIGGER trg ON s.orders", {"s.orders AccessExclusiveLock"}},
        Case{"CREATE POLICY pol ON orders USING (true)", {"public.orders AccessExclusiveLock"}},
        Case{"ALTER POLICY pol ON orders USING (false)", {"public.orders AccessExclusiveLock"}},
        Case{"DROP POLICY pol ON orders", {"public.orders AccessExclusiveLock"}},
        Case{"DROP TABLE orders, s.items",
             {"public.orders AccessExclusiveLock", "s.items AccessExclusiveLock"}},
        Case{"DROP VIEW v", {"public.v AccessExclusiveLock"}},
        Case{"DROP MATERIALIZED VIEW mv", {"public.mv AccessExclusiveLock"}},
        Case{"DROP SEQUENCE counter", {"public.counter AccessExclusiveLock"}},
        Case{"DROP TYPE mood", {}},
        Case{"TRUNCATE orders, items",
             {"public.orders AccessExclusiveLock rewrite",
              "public.items AccessExclusiveLock rewrite"}},
        Case{"ALTER TYPE mood ADD VALUE 'sad'", {}}, Case{"GRANT SELECT ON orders TO reader", {}},
        Case{"REVOKE SELECT ON orders FROM reader", {}},
        Case{"COMMENT ON TABLE orders IS 'x'", {"public.orders ShareUpdateExclusiveLock"}},
        Case{"COMMENT ON COLUMN s.orders.a IS 'x'", {"s.orders ShareUpdateExclusiveLock"}},
        Case{"COMMENT ON INDEX orders_pkey IS 'x'",
             {"public.orders_pkey ShareUpdateExclusiveLock"}},
        Case{"COMMENT ON CONSTRAINT c ON orders IS 'x'", {"public.orders AccessShareLock"}},
        Case{"COMMENT ON FUNCTION f() IS 'x'", {}},
        Case{"ALTER TABLE orders RENAME TO orders_old", {"public.orders AccessExclusiveLock"}},
        Case{"ALTER TABLE orders RENAME COLUMN a TO b", {"public.orders AccessExclusiveLock"}},
        Case{"ALTER INDEX orders_a_idx RENAME TO orders_b_idx",
             {"public.orders_a_idx ShareUpdateExclusiveLock"}},
        Case{"ALTER TABLE orders SET SCHEMA archive", {"public.orders AccessExclusiveLock"}},
        Case{"LOCK TABLE orders IN SHARE MODE", {"public.orders ShareLock"}},
        Case{"LOCK orders", {"public.orders AccessExclusiveLock"}},
        Case{"LOCK TABLE orders, items IN ROW EXCLUSIVE MODE",
             {"public.orders RowExclusiveLock", "public.items RowExclusiveLock"}}));

INSTANTIATE_TEST_SUITE_P(
    DataChanges, StatementEffects,
    ::testing::Values(Case{"INSERT INTO orders VALUES (1)", {"public.orders RowExclusiveLock"}},
                      Case{"INSERT INTO orders SELECT * FROM s.old",
                           {"public.orders RowExclusiveLock", "s.old AccessShareLock"}},
                      Case{"UPDATE orders SET a = (SELECT max(x) FROM items)",
                           {"public.orders RowExclusiveLock", "public.items AccessShareLock"}},
                      Case{"DELETE FROM orders WHERE id IN (SELECT id FROM orders LIMIT 10)",
                           {"public.orders RowExclusiveLock"}},
                      Case{"SELECT * FROM orders", {"public.orders AccessShareLock"}},
                      Case{"SELECT * FROM orders FOR UPDATE", {"public.orders RowShareLock"}},
                      Case{"COPY orders FROM STDIN", {"public.orders RowExclusiveLock"}},
                      Case{"COPY orders TO STDOUT", {"public.orders AccessShareLock"}},
                      Case{"SET lock_timeout = '1s'", {}}, Case{"RESET ALL", {}},
                      Case{"BEGIN", {}}));

TEST(StatementEffects, CreatedRelationsKeepTheirLocksButAreMarkedNew) {
  ParseSession session;
  ParseResult root = session.parse("ALTER TABLE fresh ADD COLUMN a int");
  ASSERT_TRUE(root);
  std::set<std::string> created{"public.fresh"};
  std::vector<Effect> effects = predict_effects(*root, EffectContext{15, &created});
  ASSERT_EQ(effects.size(), 1U);
  EXPECT_EQ(effects[0].lock, LockMode::AccessExclusive);
  EXPECT_TRUE(effects[0].creates);
}

TEST(StatementEffects, LongImplicitNamesAreShortenedLikePostgres) {
  std::string table(60, 't');
  Predicted p = predict("CREATE INDEX ON " + table + " (some_long_column)");
  ASSERT_EQ(p.raw.size(), 2U);
  const Effect& idx = p.raw[1];
  EXPECT_EQ(idx.relation.size(), std::string("public.").size() + 63);
  EXPECT_TRUE(idx.relation.ends_with("_idx")) << idx.relation;
}

} // namespace
} // namespace pgdrydock::testing
