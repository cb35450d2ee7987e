#include "effect_test_support.h"

namespace pgdrydock::testing {
namespace {

TEST(StatementTraits, StatementsThatRefuseATransactionBlock) {
  for (const char* sql : {"CREATE INDEX CONCURRENTLY i ON t (a)", "DROP INDEX CONCURRENTLY i",
                          "REINDEX INDEX CONCURRENTLY i", "REINDEX TABLE CONCURRENTLY t",
                          "REINDEX DATABASE db", "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY",
                          "VACUUM t", "VACUUM FULL t", "CREATE DATABASE db", "DROP DATABASE db",
                          "ALTER SYSTEM SET work_mem = '1MB'", "DISCARD ALL"})
    EXPECT_TRUE(predict(sql).traits.cannot_run_in_transaction) << sql;
  for (const char* sql :
       {"CREATE INDEX i ON t (a)", "ANALYZE t", "REINDEX TABLE t",
        "ALTER TABLE p DETACH PARTITION p1", "REFRESH MATERIALIZED VIEW CONCURRENTLY mv",
        "ALTER TYPE mood ADD VALUE 'x'", "DISCARD PLANS", "DEALLOCATE ALL"})
    EXPECT_FALSE(predict(sql).traits.cannot_run_in_transaction) << sql;
}

// The one answer to "is this CONCURRENTLY?" that the effect families and the rules share.
TEST(StatementTraits, ConcurrentForms) {
  for (const char* sql : {"CREATE INDEX CONCURRENTLY i ON t (a)", "DROP INDEX CONCURRENTLY i",
                          "REINDEX (CONCURRENTLY) INDEX i", "REINDEX TABLE CONCURRENTLY t",
                          "REFRESH MATERIALIZED VIEW CONCURRENTLY mv",
                          "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY"})
    EXPECT_TRUE(predict(sql).traits.concurrent) << sql;
  for (const char* sql : {"CREATE INDEX i ON t (a)", "DROP INDEX i", "REINDEX TABLE t",
                          "REFRESH MATERIALIZED VIEW mv", "ALTER TABLE p DETACH PARTITION p1",
                          "REINDEX (VERBOSE) TABLE t", "VACUUM t"})
    EXPECT_FALSE(predict(sql).traits.concurrent) << sql;
}

TEST(StatementTraits, VacuumFullReadsTheOptionsValue) {
  for (const char* sql : {"VACUUM (FULL false) t", "VACUUM (FULL off) t", "VACUUM (FULL 0) t"}) {
    Predicted p = predict(sql);
    const Effect* e = find_effect(p, "public.t");
    ASSERT_NE(e, nullptr) << sql;
    EXPECT_EQ(e->lock, LockMode::ShareUpdateExclusive) << sql;
    EXPECT_FALSE(e->rewrite) << sql;
  }
  for (const char* sql : {"VACUUM (FULL) t", "VACUUM (FULL true) t", "VACUUM FULL t"}) {
    Predicted p = predict(sql);
    const Effect* e = find_effect(p, "public.t");
    ASSERT_NE(e, nullptr) << sql;
    EXPECT_EQ(e->lock, LockMode::AccessExclusive) << sql;
    EXPECT_TRUE(e->rewrite) << sql;
  }
}

TEST(StatementTraits, AddingAnEnumValueInATransactionNeedsPostgres12) {
  EXPECT_TRUE(predict("ALTER TYPE mood ADD VALUE 'x'", 11).traits.cannot_run_in_transaction);
  EXPECT_FALSE(predict("ALTER TYPE mood ADD VALUE 'x'", 12).traits.cannot_run_in_transaction);
  EXPECT_FALSE(
      predict("ALTER TYPE mood RENAME VALUE 'x' TO 'y'", 11).traits.cannot_run_in_transaction);
}

TEST(StatementTraits, TransactionControlAndDataChange) {
  for (const char* sql : {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT a", "START TRANSACTION"})
    EXPECT_TRUE(predict(sql).traits.transaction_control) << sql;
  EXPECT_FALSE(predict("SELECT 1").traits.transaction_control);
  for (const char* sql :
       {"INSERT INTO t VALUES (1)", "UPDATE t SET a = 1", "DELETE FROM t", "COPY t FROM STDIN"})
    EXPECT_TRUE(predict(sql).traits.data_change) << sql;
  for (const char* sql : {"SELECT * FROM t", "COPY t TO STDOUT", "CREATE TABLE t (a int)"})
    EXPECT_FALSE(predict(sql).traits.data_change) << sql;
}

} // namespace
} // namespace pgdrydock::testing
