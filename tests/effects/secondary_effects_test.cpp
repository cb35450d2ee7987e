// Secondary relations from the lint catalog (lint/effects/catalog_hints.h), without a server:
// the schema is built by applying SQL to a Catalog as lint does, then the statement is predicted
// with catalog_hints(). The same families are verified on PostgreSQL in tests/lockmodel.
#include <initializer_list>
#include <string>

#include <gtest/gtest.h>

#include "effect_test_support.h"
#include "lint/catalog/apply.h"
#include "lint/effects/catalog_hints.h"

namespace pgdrydock::testing {
namespace {

class SecondaryEffects : public ::testing::Test {
protected:
  void schema(std::initializer_list<const char*> statements) {
    ParseSession session;
    for (const char* sql : statements) {
      ParseResult root = session.parse(sql);
      ASSERT_TRUE(root.has_value()) << sql;
      apply_statement(catalog_, *root, sql);
    }
  }
  Predicted with_catalog(const std::string& sql) {
    return predict(sql, 15, catalog_hints(&catalog_));
  }
  // "relation Mode -- why" of one effect, or "(none)".
  static std::string of(const Predicted& p, const std::string& relation) {
    const Effect* e = find_effect(p, relation);
    return e ? std::string(pg_lock_name(e->lock)) + " -- " + e->why : "(none)";
  }
  Catalog catalog_;
};

TEST_F(SecondaryEffects, DropIndexLocksItsTable) {
  schema({"CREATE TABLE t (id int)", "CREATE INDEX t_id_idx ON t (id)"});
  EXPECT_EQ(of(with_catalog("DROP INDEX t_id_idx"), "public.t"),
            "AccessExclusiveLock -- index's table");
  EXPECT_EQ(of(with_catalog("DROP INDEX CONCURRENTLY t_id_idx"), "public.t"),
            "ShareUpdateExclusiveLock -- index's table");
  EXPECT_EQ(of(with_catalog("REINDEX INDEX t_id_idx"), "public.t"), "ShareLock -- index's table");
  // Without a catalog the table is unknown, and nothing is made up.
  EXPECT_EQ(of(predict("DROP INDEX t_id_idx"), "public.t"), "(none)");
}

TEST_F(SecondaryEffects, LockOfAViewReachesBaseTablesThroughViews) {
  schema({"CREATE TABLE t (id int)", "CREATE VIEW v AS SELECT id FROM t",
          "CREATE VIEW vv AS SELECT id FROM v"});
  Predicted p = with_catalog("LOCK TABLE vv IN SHARE MODE");
  EXPECT_EQ(of(p, "public.v"), "ShareLock -- view base table");
  EXPECT_EQ(of(p, "public.t"), "ShareLock -- view base table");
  EXPECT_EQ(of(with_catalog("SELECT * FROM vv"), "public.t"), "AccessShareLock -- view base table");
}

TEST_F(SecondaryEffects, RefreshReadsTheQueryUnlessWithNoData) {
  schema({"CREATE TABLE t (id int)", "CREATE MATERIALIZED VIEW mv AS SELECT id FROM t"});
  EXPECT_EQ(of(with_catalog("REFRESH MATERIALIZED VIEW mv"), "public.t"),
            "AccessShareLock -- view base table");
  EXPECT_EQ(of(with_catalog("REFRESH MATERIALIZED VIEW mv WITH NO DATA"), "public.t"), "(none)");
}

TEST_F(SecondaryEffects, ForeignKeyChecksAndCascades) {
  schema({"CREATE TABLE k (id int PRIMARY KEY)",
          "CREATE TABLE kr (id int PRIMARY KEY, k_id int REFERENCES k (id) ON DELETE CASCADE)",
          "CREATE TABLE kn (k_id int REFERENCES k (id))"});
  Predicted del = with_catalog("DELETE FROM k WHERE id = 1");
  EXPECT_EQ(of(del, "public.kr"), "RowExclusiveLock -- cascade");
  EXPECT_EQ(of(del, "public.kn"), "RowShareLock -- referencing table");
  EXPECT_EQ(of(with_catalog("INSERT INTO kr VALUES (1, 1)"), "public.k"),
            "RowShareLock -- referenced table");
  EXPECT_EQ(of(with_catalog("INSERT INTO kr (id) VALUES (1)"), "public.k"), "(none)");
  EXPECT_EQ(of(with_catalog("UPDATE kr SET id = 2"), "public.k"), "(none)");
  Predicted truncate = with_catalog("TRUNCATE k CASCADE");
  EXPECT_EQ(of(truncate, "public.kr"), "AccessExclusiveLock -- cascade");
  EXPECT_TRUE(find_effect(truncate, "public.kr")->rewrite);
  EXPECT_EQ(of(with_catalog("ALTER TABLE k DROP CONSTRAINT k_pkey CASCADE"), "public.kn"),
            "AccessExclusiveLock -- cascade");
}

TEST_F(SecondaryEffects, PartitionsOfPartitionsAndNoRewriteOfTheParent) {
  schema({"CREATE TABLE p (id int, k int) PARTITION BY RANGE (k)",
          "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10) PARTITION BY RANGE (id)",
          "CREATE TABLE p11 PARTITION OF p1 FOR VALUES FROM (0) TO (10)"});
  Predicted lock = with_catalog("LOCK TABLE p IN ROW EXCLUSIVE MODE");
  EXPECT_EQ(of(lock, "public.p11"), "RowExclusiveLock -- partition");
  EXPECT_EQ(of(with_catalog("LOCK TABLE ONLY p"), "public.p1"), "(none)");
  Predicted type = with_catalog("ALTER TABLE p ALTER COLUMN id TYPE bigint");
  EXPECT_FALSE(find_effect(type, "public.p")->rewrite);
  EXPECT_EQ(of(type, "public.p11"), "AccessExclusiveLock -- partition");
}

TEST_F(SecondaryEffects, DomainUsersAndConstrainedDomainColumns) {
  schema({"CREATE DOMAIN posint AS int", "CREATE DOMAIN checked AS int CHECK (VALUE > 0)",
          "CREATE TABLE a (x posint)", "CREATE TABLE b (y posint[])", "CREATE TABLE t (id int)"});
  Predicted add = with_catalog("ALTER DOMAIN posint ADD CONSTRAINT c CHECK (VALUE > 0)");
  EXPECT_EQ(of(add, "public.a"), "ShareLock -- domain user");
  EXPECT_TRUE(find_effect(add, "public.a")->scan);
  EXPECT_TRUE(
      with_catalog("ALTER DOMAIN posint ADD CONSTRAINT c CHECK (VALUE > 0) NOT VALID").raw.empty());
  EXPECT_EQ(of(with_catalog("DROP DOMAIN posint CASCADE"), "public.b"),
            "AccessExclusiveLock -- cascade");
  EXPECT_TRUE(find_effect(with_catalog("ALTER TABLE t ADD COLUMN c checked"), "public.t")->rewrite);
  EXPECT_FALSE(find_effect(with_catalog("ALTER TABLE t ADD COLUMN c posint"), "public.t")->rewrite);
}

TEST_F(SecondaryEffects, CatalogAddedRelationsGetAWhy) {
  schema({"CREATE TABLE k (id int PRIMARY KEY)", "CREATE TABLE kr (k_id int REFERENCES k (id))"});
  EXPECT_EQ(of(with_catalog("DROP TABLE k CASCADE"), "public.kr"),
            "AccessExclusiveLock -- cascade");
  EXPECT_EQ(of(with_catalog("ALTER TABLE kr DROP COLUMN k_id"), "public.k"),
            "AccessExclusiveLock -- referenced table");
}

} // namespace
} // namespace pgdrydock::testing
