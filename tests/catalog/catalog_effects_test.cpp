// Lock-model precision from the catalog (issue 6 §3), through the lint driver: the schema the
// history built decides which indexes a type change rebuilds, which referencing tables and
// partitions a statement also locks.
#include <gtest/gtest.h>

#include "lint/lint_driver.h"
#include "tests/catalog/catalog_helpers.h"

namespace pgdrydock {
namespace {

Migration migration_of(const std::string& version, const std::string& sql) {
  Migration m;
  m.version = version;
  m.name = version;
  m.up = testing::script_of(sql, version + ".sql");
  return m;
}

// The effects of the single statement `sql`, linted after the history `history`.
std::vector<Effect> effects_after(const std::string& history, const std::string& sql,
                                  bool use_catalog = true) {
  MigrationSet set;
  set.migrations.push_back(migration_of("0001", history));
  set.migrations.push_back(migration_of("0002", sql));
  LintOptions options;
  options.first_linted = 1;
  options.threads = 1;
  options.use_catalog = use_catalog;
  LintResult result = lint_migrations(set, options);
  EXPECT_EQ(result.migrations.size(), 1u);
  const auto& statements = result.migrations.at(0).scripts.at(0).statements;
  EXPECT_EQ(statements.size(), 1u);
  return statements.at(0).effects;
}

const Effect* on(const std::vector<Effect>& effects, const std::string& relation) {
  for (const Effect& e : effects)
    if (e.relation == relation)
      return &e;
  return nullptr;
}

constexpr const char* kOrders = R"(
CREATE TABLE customers (id integer PRIMARY KEY, email text);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id integer REFERENCES customers (id),
  code varchar(20),
  note text
);
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE INDEX orders_code_idx ON orders (code);
CREATE INDEX orders_lower_code_idx ON orders (lower(code));
CREATE INDEX orders_note_idx ON orders (note) WHERE code IS NOT NULL;
)";

TEST(CatalogEffects, ARewritingTypeChangeRebuildsEveryIndexOnTheColumn) {
  auto effects = effects_after(kOrders, "ALTER TABLE orders ALTER COLUMN code TYPE integer "
                                        "USING code::integer;");
  ASSERT_NE(on(effects, "public.orders"), nullptr);
  EXPECT_TRUE(on(effects, "public.orders")->rewrite);
  for (const char* index :
       {"public.orders_code_idx", "public.orders_lower_code_idx", "public.orders_note_idx"}) {
    const Effect* e = on(effects, index);
    ASSERT_NE(e, nullptr) << index;
    EXPECT_EQ(e->kind, RelationKind::Index) << index;
    EXPECT_EQ(e->lock, LockMode::AccessExclusive) << index;
    EXPECT_TRUE(e->rewrite) << index;
    EXPECT_NE(e->note.find("code"), std::string::npos) << e->note;
  }
  // The rewrite rebuilds the other indexes of the table too (PostgreSQL 15 locks them all).
  for (const char* index : {"public.orders_customer_id_idx", "public.orders_pkey"}) {
    const Effect* e = on(effects, index);
    ASSERT_NE(e, nullptr) << index;
    EXPECT_TRUE(e->rewrite) << index;
    EXPECT_EQ(e->note.find("re-created"), std::string::npos) << e->note;
  }
  EXPECT_EQ(on(effects, "public.customers_pkey"), nullptr);
}

TEST(CatalogEffects, ABinaryCoercibleTypeChangeRebuildsNoIndex) {
  auto effects = effects_after(kOrders, "ALTER TABLE orders ALTER COLUMN code TYPE varchar(50);");
  ASSERT_NE(on(effects, "public.orders"), nullptr);
  EXPECT_FALSE(on(effects, "public.orders")->rewrite);
  EXPECT_EQ(on(effects, "public.orders_code_idx"), nullptr);
  EXPECT_EQ(effects.size(), 1u);
}

TEST(CatalogEffects, WithoutTheCatalogOnlyTheNamedTableIsLocked) {
  auto effects = effects_after(
      kOrders, "ALTER TABLE orders ALTER COLUMN code TYPE integer USING code::integer;", false);
  EXPECT_EQ(effects.size(), 1u);
  EXPECT_EQ(on(effects, "public.orders_code_idx"), nullptr);
}

TEST(CatalogEffects, AReferencedKeyTypeChangeLocksTheReferencingTables) {
  auto effects = effects_after(kOrders, "ALTER TABLE customers ALTER COLUMN id TYPE bigint;");
  const Effect* orders = on(effects, "public.orders");
  ASSERT_NE(orders, nullptr);
  EXPECT_EQ(orders->lock, LockMode::AccessExclusive);
  EXPECT_TRUE(orders->scan); // the rebuilt foreign key is validated again after a rewrite
  EXPECT_NE(orders->note.find("orders_customer_id_fkey"), std::string::npos) << orders->note;
  const Effect* pkey = on(effects, "public.customers_pkey");
  ASSERT_NE(pkey, nullptr);
  EXPECT_TRUE(pkey->rewrite);
  // Changing an unreferenced column of the same table touches no other table.
  auto other = effects_after(kOrders, "ALTER TABLE customers ALTER COLUMN email TYPE varchar(5);");
  EXPECT_EQ(on(other, "public.orders"), nullptr);
}

TEST(CatalogEffects, AReferencingColumnTypeChangeLocksTheReferencedTable) {
  auto effects = effects_after(kOrders, "ALTER TABLE orders ALTER COLUMN customer_id TYPE bigint;");
  const Effect* customers = on(effects, "public.customers");
  ASSERT_NE(customers, nullptr);
  EXPECT_EQ(customers->lock, LockMode::AccessExclusive);
  ASSERT_NE(on(effects, "public.orders_customer_id_idx"), nullptr);
}

TEST(CatalogEffects, DroppingAForeignKeyLocksTheReferencedTable) {
  auto effects =
      effects_after(kOrders, "ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey;");
  const Effect* customers = on(effects, "public.customers");
  ASSERT_NE(customers, nullptr);
  EXPECT_EQ(customers->lock, LockMode::AccessExclusive);
  EXPECT_FALSE(customers->rewrite);
  // Dropping a CHECK or the primary key touches no other table.
  auto pk = effects_after(kOrders, "ALTER TABLE orders DROP CONSTRAINT orders_pkey;");
  EXPECT_EQ(on(pk, "public.customers"), nullptr);
}

TEST(CatalogEffects, DroppingAForeignKeyColumnLocksTheReferencedTable) {
  auto effects = effects_after(kOrders, "ALTER TABLE orders DROP COLUMN customer_id;");
  ASSERT_NE(on(effects, "public.customers"), nullptr);
  EXPECT_EQ(on(effects, "public.customers")->lock, LockMode::AccessExclusive);
}

TEST(CatalogEffects, DroppingAReferencingTableLocksTheReferencedTable) {
  auto effects = effects_after(kOrders, "DROP TABLE orders;");
  ASSERT_NE(on(effects, "public.customers"), nullptr);
  EXPECT_EQ(on(effects, "public.customers")->lock, LockMode::AccessExclusive);
  // Dropping both: the referenced one is dropped anyway, nothing extra.
  auto both = effects_after(kOrders, "DROP TABLE orders, customers;");
  EXPECT_EQ(both.size(), 2u);
}

TEST(CatalogEffects, DropCascadeOfAReferencedTableLocksTheReferencingTables) {
  auto effects = effects_after(kOrders, "DROP TABLE customers CASCADE;");
  ASSERT_NE(on(effects, "public.orders"), nullptr);
  EXPECT_EQ(on(effects, "public.orders")->lock, LockMode::AccessExclusive);
}

constexpr const char* kEvents = R"(
CREATE TABLE events (id bigint, at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')
  PARTITION BY LIST (kind);
CREATE TABLE events_2025_a PARTITION OF events_2025 FOR VALUES IN ('a');
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE other (id bigint);
)";

TEST(CatalogEffects, PartitionsAreTouchedThroughTheParent) {
  auto effects =
      effects_after(kEvents, "ALTER TABLE events ALTER COLUMN id TYPE text USING id::text;");
  for (const char* part : {"public.events_2025", "public.events_2025_a", "public.events_2026"}) {
    const Effect* e = on(effects, part);
    ASSERT_NE(e, nullptr) << part;
    EXPECT_EQ(e->lock, LockMode::AccessExclusive) << part;
    // events_2025 is partitioned itself: no data of its own, so only its leaves are rewritten
    // (PostgreSQL 15 keeps a partitioned table's relfilenode at 0; tests/lockmodel shows it).
    EXPECT_EQ(e->rewrite, std::string(part) != "public.events_2025") << part;
  }
  EXPECT_EQ(on(effects, "public.other"), nullptr);

  auto index = effects_after(kEvents, "CREATE INDEX events_kind_idx ON events (kind);");
  ASSERT_NE(on(index, "public.events_2025_a"), nullptr);
  EXPECT_EQ(on(index, "public.events_2025_a")->lock, LockMode::Share);

  auto drop = effects_after(kEvents, "DROP TABLE events;");
  ASSERT_NE(on(drop, "public.events_2026"), nullptr);
  EXPECT_EQ(on(drop, "public.events_2026")->lock, LockMode::AccessExclusive);

  auto truncate = effects_after(kEvents, "TRUNCATE events;");
  ASSERT_NE(on(truncate, "public.events_2025_a"), nullptr);
}

TEST(CatalogEffects, OnlyAndPartitionCommandsDoNotRecurse) {
  auto only = effects_after(kEvents, "ALTER TABLE ONLY events ADD CONSTRAINT k CHECK (id > 0) "
                                     "NOT VALID;");
  EXPECT_EQ(on(only, "public.events_2025"), nullptr);
  auto detach = effects_after(kEvents, "ALTER TABLE events DETACH PARTITION events_2026;");
  EXPECT_EQ(on(detach, "public.events_2025"), nullptr);
  EXPECT_EQ(on(detach, "public.events_2025_a"), nullptr);
}

} // namespace
} // namespace pgdrydock
