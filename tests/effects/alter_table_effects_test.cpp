// ALTER TABLE: per-subcommand lock levels (AlterTableGetLockLevel), the strongest wins, and
// rewrite/scan by PostgreSQL version.
#include "effect_test_support.h"

namespace pgdrydock::testing {
namespace {

struct Case {
  const char* sql;
  std::vector<std::string> expected;
};

class AlterTableLockLevel : public ::testing::TestWithParam<Case> {};

TEST_P(AlterTableLockLevel, PredictsEveryRelationAndMode) {
  const Case& c = GetParam();
  EXPECT_EQ(predict(c.sql).effects, sorted(c.expected)) << c.sql;
}

INSTANTIATE_TEST_SUITE_P(
    Subcommands, AlterTableLockLevel,
    ::testing::Values(
        Case{"ALTER TABLE t ADD COLUMN a int", {"public.t AccessExclusiveLock"}},
        Case{"ALTER TABLE t ALTER COLUMN a SET STATISTICS 100",
             {"public.t ShareUpdateExclusiveLock"}},
        Case{"ALTER TABLE t ALTER COLUMN a SET (n_distinct = 10)",
             {"public.t ShareUpdateExclusiveLock"}},
        Case{"ALTER TABLE t CLUSTER ON t_pkey",
             {"public.t ShareUpdateExclusiveLock", "public.t_pkey ShareUpdateExclusiveLock"}},
        Case{"ALTER TABLE t SET WITHOUT CLUSTER", {"public.t ShareUpdateExclusiveLock"}},
        Case{"ALTER TABLE t VALIDATE CONSTRAINT c", {"public.t ShareUpdateExclusiveLock scan"}},
        Case{"ALTER TABLE t SET (fillfactor = 70)", {"public.t ShareUpdateExclusiveLock"}},
        Case{"ALTER TABLE t SET (autovacuum_enabled = false)",
             {"public.t ShareUpdateExclusiveLock"}},
        Case{"ALTER TABLE t RESET (fillfactor)", {"public.t ShareUpdateExclusiveLock"}},
        Case{"ALTER TABLE t SET (user_catalog_table = true)", {"public.t AccessExclusiveLock"}},
        Case{"ALTER TABLE t ENABLE TRIGGER trg", {"public.t ShareRowExclusiveLock"}},
        Case{"ALTER TABLE t DISABLE TRIGGER ALL", {"public.t ShareRowExclusiveLock"}},
        Case{"ALTER TABLE t ENABLE ROW LEVEL SECURITY", {"public.t AccessExclusiveLock"}},
        Case{"ALTER TABLE t FORCE ROW LEVEL SECURITY", {"public.t AccessExclusiveLock"}},
        Case{"ALTER TABLE t ALTER COLUMN a SET DEFAULT 0", {"public.t AccessExclusiveLock"}},
        Case{"ALTER TABLE t ALTER COLUMN a DROP NOT NULL", {"public.t AccessExclusiveLock"}},
        Case{"ALTER TABLE t ALTER COLUMN a SET NOT NULL", {"public.t AccessExclusiveLock scan"}},
        Case{"ALTER TABLE t ALTER COLUMN a SET STORAGE EXTERNAL", {"public.t AccessExclusiveLock"}},
        Case{"ALTER TABLE t DROP COLUMN a", {"public.t AccessExclusiveLock"}},
        Case{"ALTER TABLE t REPLICA IDENTITY FULL", {"public.t AccessExclusiveLock"}},
        Case{"ALTER TABLE t OWNER TO someone", {"public.t AccessExclusiveLock"}},
        Case{"ALTER TABLE t SET LOGGED", {"public.t AccessExclusiveLock rewrite"}},
        Case{"ALTER TABLE t SET UNLOGGED", {"public.t AccessExclusiveLock rewrite"}},
        Case{"ALTER TABLE t SET TABLESPACE fast", {"public.t AccessExclusiveLock rewrite"}},
        // heap is the access method tables use unless created USING another: PostgreSQL 15
        // rewrites nothing then (tests/lockmodel); another method rewrites.
        Case{"ALTER TABLE t SET ACCESS METHOD heap", {"public.t AccessExclusiveLock"}},
        Case{"ALTER TABLE t SET ACCESS METHOD columnar", {"public.t AccessExclusiveLock rewrite"}},
        Case{"ALTER TABLE s.t ADD CONSTRAINT c CHECK (a > 0)", {"s.t AccessExclusiveLock scan"}},
        Case{"ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID",
             {"public.t AccessExclusiveLock"}},
        Case{"ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (u_id) REFERENCES u (id)",
             {"public.t ShareRowExclusiveLock scan", "public.u ShareRowExclusiveLock"}},
        Case{"ALTER TABLE t ADD FOREIGN KEY (u_id) REFERENCES s.u (id) NOT VALID",
             {"public.t ShareRowExclusiveLock", "s.u ShareRowExclusiveLock"}},
        Case{"ALTER TABLE t ADD PRIMARY KEY (id)",
             {"public.t AccessExclusiveLock scan",
              "public.t_pkey AccessExclusiveLock scan creates"}},
        Case{"ALTER TABLE t ADD UNIQUE (a, b)",
             {"public.t AccessExclusiveLock scan",
              "public.t_a_b_key AccessExclusiveLock scan creates"}},
        Case{"ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE USING INDEX t_a_idx",
             {"public.t AccessExclusiveLock", "public.t_a_idx ShareUpdateExclusiveLock"}},
        Case{"ALTER TABLE t ADD CONSTRAINT ex EXCLUDE USING gist (r WITH &&)",
             {"public.t AccessExclusiveLock scan", "public.ex AccessExclusiveLock scan creates"}},
        Case{"ALTER TABLE t DROP CONSTRAINT c", {"public.t AccessExclusiveLock"}},
        Case{"ALTER TABLE t ALTER CONSTRAINT fk DEFERRABLE", {"public.t AccessExclusiveLock"}},
        Case{"ALTER TABLE child INHERIT parent",
             {"public.child AccessExclusiveLock", "public.parent ShareUpdateExclusiveLock"}},
        Case{"ALTER TABLE p ATTACH PARTITION p2 FOR VALUES FROM (10) TO (20)",
             {"public.p ShareUpdateExclusiveLock", "public.p2 AccessExclusiveLock scan"}},
        Case{"ALTER TABLE p DETACH PARTITION p1",
             {"public.p AccessExclusiveLock", "public.p1 AccessExclusiveLock"}},
        Case{"ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY",
             {"public.p ShareUpdateExclusiveLock", "public.p1 AccessExclusiveLock"}},
        Case{"ALTER TABLE child NO INHERIT parent",
             {"public.child AccessExclusiveLock", "public.parent AccessShareLock"}},
        Case{"ALTER TABLE t ADD COLUMN n bigint DEFAULT nextval('s.counter')",
             {"public.t AccessExclusiveLock rewrite", "s.counter RowExclusiveLock"}},
        Case{"ALTER TABLE t ADD COLUMN u_id int REFERENCES u (id)",
             {"public.t AccessExclusiveLock", "public.u ShareRowExclusiveLock"}},
        Case{"ALTER INDEX i SET (fillfactor = 50)", {"public.i ShareUpdateExclusiveLock"}},
        Case{"ALTER INDEX i SET TABLESPACE fast", {"public.i AccessExclusiveLock rewrite"}},
        // The strongest subcommand decides: SET STATISTICS alone is ShareUpdateExclusive.
        Case{"ALTER TABLE t ALTER COLUMN a SET STATISTICS 10, ALTER COLUMN b SET DEFAULT 1",
             {"public.t AccessExclusiveLock"}},
        Case{"ALTER TABLE t ENABLE TRIGGER trg, SET (fillfactor = 50)",
             {"public.t ShareRowExclusiveLock"}}));

TEST(AlterTableAddColumn, ConstantDefaultIsFreeFromPostgres11) {
  EXPECT_EQ(predict("ALTER TABLE t ADD COLUMN a int NOT NULL DEFAULT 0", 15).effects,
            std::vector<std::string>{"public.t AccessExclusiveLock"});
  EXPECT_EQ(predict("ALTER TABLE t ADD COLUMN a int NOT NULL DEFAULT 0", 10).effects,
            std::vector<std::string>{"public.t AccessExclusiveLock rewrite"});
  // A NULL default was always free.
  EXPECT_EQ(predict("ALTER TABLE t ADD COLUMN a int DEFAULT NULL", 10).effects,
            std::vector<std::string>{"public.t AccessExclusiveLock"});
}

TEST(AlterTableAddColumn, VolatileDefaultsRewriteStableOnesDoNot) {
  for (const char* expr : {"random()", "clock_timestamp()", "gen_random_uuid()",
                           "uuid_generate_v4()", "nextval('s')", "my_function()"})
    EXPECT_TRUE(
        predict(std::string("ALTER TABLE t ADD COLUMN a text DEFAULT ") + expr).raw.at(0).rewrite)
        << expr;
  for (const char* expr : {"now()", "CURRENT_TIMESTAMP", "'x'::text", "lower('A')", "42"})
    EXPECT_FALSE(
        predict(std::string("ALTER TABLE t ADD COLUMN a text DEFAULT ") + expr).raw.at(0).rewrite)
        << expr;
}

TEST(AlterTableAddColumn, SerialAndIdentityCreateASequenceAndRewrite) {
  EXPECT_EQ(predict("ALTER TABLE orders ADD COLUMN n bigserial").effects,
            sorted({"public.orders AccessExclusiveLock rewrite",
                    "public.orders_n_seq AccessExclusiveLock creates"}));
  EXPECT_EQ(predict("ALTER TABLE s.orders ADD COLUMN n int GENERATED ALWAYS AS IDENTITY").effects,
            sorted({"s.orders AccessExclusiveLock rewrite",
                    "s.orders_n_seq AccessExclusiveLock creates"}));
  EXPECT_EQ(
      predict("ALTER TABLE t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY").effects,
      sorted({"public.t AccessExclusiveLock", "public.t_id_seq AccessExclusiveLock creates"}));
}

TEST(AlterTableAddColumn, StoredGeneratedColumnRewrites) {
  EXPECT_EQ(predict("ALTER TABLE t ADD COLUMN d int GENERATED ALWAYS AS (a * 2) STORED").effects,
            std::vector<std::string>{"public.t AccessExclusiveLock rewrite"});
}

TEST(AlterTableAddColumn, InlineUniqueBuildsANamedIndex) {
  EXPECT_EQ(predict("ALTER TABLE t ADD COLUMN code text UNIQUE").effects,
            sorted({"public.t AccessExclusiveLock scan",
                    "public.t_code_key AccessExclusiveLock scan creates"}));
}

// Issue 22: without the catalog, a change that some current type makes free is not predicted
// as a rewrite; the note says "may rewrite" and names those types. Only a change that no
// current type makes free is a rewrite.
TEST(AlterColumnType, WithoutTheCatalogAMaybeFreeChangeMayRewriteAndSaysWhen) {
  Predicted p = predict("ALTER TABLE t ALTER COLUMN b TYPE text");
  ASSERT_EQ(p.raw.size(), 1U);
  EXPECT_FALSE(p.raw[0].rewrite);
  EXPECT_NE(p.raw[0].note.find("may rewrite"), std::string::npos) << p.raw[0].note;
  EXPECT_NE(p.raw[0].note.find("varchar or text"), std::string::npos) << p.raw[0].note;
  Predicted v = predict("ALTER TABLE t ALTER COLUMN b TYPE varchar(100)");
  EXPECT_FALSE(v.raw.at(0).rewrite);
  EXPECT_NE(v.raw[0].note.find("varchar(n) with n <= 100"), std::string::npos) << v.raw[0].note;
  Predicted q = predict("ALTER TABLE t ALTER COLUMN a TYPE bigint");
  EXPECT_TRUE(q.raw.at(0).rewrite);
  EXPECT_EQ(q.raw[0].note.find("may rewrite"), std::string::npos);
  Predicted u = predict("ALTER TABLE t ALTER COLUMN b TYPE text USING b::text");
  EXPECT_TRUE(u.raw.at(0).rewrite) << "USING converts every row";
}

TEST(AlterColumnType, WithTheOldTypeTheVerdictIsExact) {
  CatalogHints hints;
  hints.column_type = [](const std::string& rel,
                         const std::string& col) -> std::optional<std::string> {
    if (rel == "public.t" && col == "b")
      return "character varying(10)";
    if (rel == "public.t" && col == "a")
      return "integer";
    return std::nullopt;
  };
  EXPECT_FALSE(
      predict("ALTER TABLE t ALTER COLUMN b TYPE varchar(20)", 15, hints).raw.at(0).rewrite);
  EXPECT_FALSE(predict("ALTER TABLE t ALTER COLUMN b TYPE text", 15, hints).raw.at(0).rewrite);
  EXPECT_TRUE(predict("ALTER TABLE t ALTER COLUMN b TYPE varchar(5)", 15, hints).raw.at(0).rewrite);
  EXPECT_TRUE(predict("ALTER TABLE t ALTER COLUMN a TYPE bigint", 15, hints).raw.at(0).rewrite);
  EXPECT_TRUE(
      predict("ALTER TABLE t ALTER COLUMN b TYPE text USING b || ''", 15, hints).raw.at(0).rewrite);
}

} // namespace
} // namespace pgdrydock::testing
