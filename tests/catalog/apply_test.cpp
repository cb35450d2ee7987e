// Unit tests of the catalog model: apply() statement by statement, PostgreSQL's implicit names,
// name resolution, references, diffs and the driver's use of the catalog.
#include <gtest/gtest.h>

#include "lint/catalog/diff.h"
#include "lint/catalog/names.h"
#include "lint/catalog/references.h"
#include "lint/lint_driver.h"
#include "lint/support/error.h"
#include "tests/catalog/catalog_helpers.h"

namespace pgdrydock::testing {
namespace {

TEST(CatalogNames, ImplicitNamesOfCreateTable) {
  Catalog c = catalog_of(
      "CREATE TABLE customers (id bigint PRIMARY KEY);"
      "CREATE TABLE orders (id serial PRIMARY KEY, customer_id bigint REFERENCES customers (id),"
      " email text UNIQUE, qty int CHECK (qty > 0), a int, b int, CHECK (a < b));"
      "CREATE INDEX ON orders (a, b);"
      "CREATE INDEX ON orders (a, b);"
      "CREATE INDEX ON orders (lower(email));");
  const CatalogTable* t = c.table("public.orders");
  ASSERT_NE(t, nullptr);
  EXPECT_NE(t->constraint("orders_pkey"), nullptr);
  EXPECT_NE(t->constraint("orders_customer_id_fkey"), nullptr);
  EXPECT_NE(t->constraint("orders_email_key"), nullptr);
  EXPECT_NE(t->constraint("orders_qty_check"), nullptr);
  EXPECT_NE(t->constraint("orders_check"), nullptr);
  EXPECT_TRUE(c.indexes.count("public.orders_a_b_idx"));
  EXPECT_TRUE(c.indexes.count("public.orders_a_b_idx1"));
  EXPECT_TRUE(c.indexes.count("public.orders_lower_idx"));
  EXPECT_TRUE(c.sequences.count("public.orders_id_seq"));
  EXPECT_EQ(c.sequences["public.orders_id_seq"].owned_by, "public.orders.id");
  const CatalogColumn* id = t->column("id");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->type, "int4");
  EXPECT_TRUE(id->not_null);
  EXPECT_EQ(id->default_expr.value_or(""), "nextval'public.orders_id_seq'");
}

TEST(CatalogNames, TruncatesTo63BytesLongerPartFirst) {
  std::string table(60, 't');
  std::string name = make_object_name(table, "customer_id", "fkey");
  EXPECT_EQ(name.size(), 63u);
  // 63 - len("_fkey") - 1 = 57 chars for both parts; the longer one (table) is cut first
  // until both are equal or the sum fits: 46 + 11.
  EXPECT_EQ(name, std::string(46, 't') + "_customer_id_fkey");
  // Never cut inside a UTF-8 character.
  std::string accented;
  for (int i = 0; i < 40; ++i)
    accented += "\xC3\xA9"; // é, two bytes
  std::string clipped = truncate_identifier(accented);
  EXPECT_EQ(clipped.size(), 62u);
}

TEST(CatalogNames, CollisionSuffixes) {
  Catalog c = catalog_of("CREATE TABLE t (a int);"
                         "CREATE TABLE t_a_key (x int);" // takes the name a UNIQUE would get
                         "ALTER TABLE t ADD UNIQUE (a);"
                         "ALTER TABLE t ADD CHECK (a > 0), ADD CHECK (a < 10);");
  const CatalogTable* t = c.table("public.t");
  ASSERT_NE(t, nullptr);
  EXPECT_NE(t->constraint("t_a_key1"), nullptr);
  EXPECT_NE(t->constraint("t_a_check"), nullptr);
  EXPECT_NE(t->constraint("t_a_check1"), nullptr);
}

TEST(CatalogResolve, SearchPathAndQuoting) {
  Catalog c = catalog_of("CREATE SCHEMA billing;"
                         "SET search_path TO billing, public;"
                         "CREATE TABLE \"Invoices\" (id int);"
                         "CREATE TABLE invoices (id int);"
                         "RESET search_path;"
                         "CREATE TABLE invoices (n int);");
  EXPECT_TRUE(c.tables.count("billing.Invoices"));
  EXPECT_TRUE(c.tables.count("billing.invoices"));
  EXPECT_TRUE(c.tables.count("public.invoices"));
  EXPECT_EQ(c.resolve_relation("", "invoices"), "public.invoices");
  c.search_path = {"billing", "public"};
  EXPECT_EQ(c.resolve_relation("", "invoices"), "billing.invoices");
  EXPECT_EQ(c.resolve_relation("", "Invoices"), "billing.Invoices");
}

TEST(CatalogApply, AlterTableFollowsPostgres) {
  Catalog c = catalog_of(
      "CREATE TYPE mood AS ENUM ('sad', 'happy');"
      "CREATE TABLE p (id bigint PRIMARY KEY, name varchar(20) NOT NULL DEFAULT 'x', m mood);"
      "ALTER TABLE p ADD COLUMN note text, ALTER COLUMN name TYPE text, "
      " ALTER COLUMN name DROP NOT NULL, ALTER COLUMN name DROP DEFAULT;"
      "ALTER TABLE p ADD CONSTRAINT note_nn CHECK (note IS NOT NULL) NOT VALID;"
      "CREATE INDEX p_note_idx ON p (note) WHERE note IS NOT NULL;"
      "ALTER TABLE p RENAME COLUMN note TO remark;"
      "ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';"
      "ALTER TABLE p RENAME CONSTRAINT p_pkey TO p_key;");
  const CatalogTable* t = c.table("public.p");
  ASSERT_NE(t, nullptr);
  const CatalogColumn* name = t->column("name");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->type, "text");
  EXPECT_FALSE(name->not_null);
  EXPECT_FALSE(name->default_expr);
  EXPECT_EQ(t->column("m")->type, "public.mood");
  const CatalogConstraint* check = t->constraint("note_nn");
  ASSERT_NE(check, nullptr);
  EXPECT_FALSE(check->validated);
  EXPECT_EQ(check->columns, std::vector<std::string>{"remark"});
  EXPECT_EQ(c.indexes["public.p_note_idx"].keys, std::vector<std::string>{"remark"});
  EXPECT_EQ(c.enums["public.mood"], (std::vector<std::string>{"sad", "ok", "happy"}));
  // Renaming a constraint renames its index.
  EXPECT_TRUE(c.indexes.count("public.p_key"));
  EXPECT_FALSE(c.indexes.count("public.p_pkey"));

  run_sql(c, "ALTER TABLE p VALIDATE CONSTRAINT note_nn; ALTER TABLE p DROP COLUMN remark;");
  t = c.table("public.p");
  EXPECT_EQ(t->constraint("note_nn"), nullptr); // went with its column
  EXPECT_FALSE(c.indexes.count("public.p_note_idx"));
}

TEST(CatalogApply, DropTableTakesIndexesSequencesAndReferencingKeys) {
  Catalog c = catalog_of("CREATE TABLE a (id serial PRIMARY KEY);"
                         "CREATE TABLE b (id int, a_id int REFERENCES a (id));"
                         "CREATE INDEX ON b (a_id);"
                         "DROP TABLE a CASCADE;");
  EXPECT_FALSE(c.tables.count("public.a"));
  EXPECT_FALSE(c.indexes.count("public.a_pkey"));
  EXPECT_FALSE(c.sequences.count("public.a_id_seq"));
  EXPECT_TRUE(c.table("public.b")->constraints.empty());
  EXPECT_TRUE(c.indexes.count("public.b_a_id_idx"));
}

TEST(CatalogReferences, UnknownAndWrongKind) {
  Catalog c = catalog_of("CREATE TABLE orders (id int PRIMARY KEY, email text);"
                         "CREATE UNIQUE INDEX orders_email_idx ON orders (email);");
  ParseSession parser;
  auto check = [&](const std::string& sql) {
    ParseResult root = parser.parse(sql);
    EXPECT_TRUE(root) << sql;
    return root ? find_unknown_objects(c, *root) : std::vector<UnknownObject>{};
  };
  auto p = check("DROP TABLE ordrs");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].message.find("did you mean \"orders\""), std::string::npos) << p[0].message;
  p = check("ALTER TABLE orders DROP CONSTRAINT orders_email_idx");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].message.find("is an index"), std::string::npos) << p[0].message;
  p = check("ALTER TABLE orders ADD COLUMN x int, ALTER COLUMN x SET NOT NULL");
  EXPECT_TRUE(p.empty()); // added by an earlier command of the same statement
  p = check("DROP INDEX orders_pkey");
  EXPECT_TRUE(p.empty()); // the primary key's index is an index
  p = check("ALTER TABLE orders_email_idx ADD COLUMN y int");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].message.find("is an index, not a table"), std::string::npos) << p[0].message;
  c.trusted = false;
  EXPECT_TRUE(check("DROP TABLE ordrs").empty());
}

TEST(CatalogDiff, ColumnOrderIsNotADifference) {
  Catalog a = catalog_of("CREATE TABLE t (a int, b text DEFAULT 'x'::text);");
  Catalog b = catalog_of("CREATE TABLE t (b text DEFAULT 'x', a integer);");
  EXPECT_TRUE(diff_catalogs(a, b).empty());
  Catalog c = catalog_of("CREATE TABLE t (b varchar(10) DEFAULT 'x', a integer);");
  auto d = diff_catalogs(a, c);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].what, "type");
  EXPECT_EQ(describe(d[0]), "column t.b: type text -> varchar(10)");
}

MigrationSet history(const std::vector<std::pair<std::string, std::string>>& ups_downs) {
  MigrationSet set;
  int n = 0;
  for (const auto& [up, down] : ups_downs) {
    Migration m;
    m.version = std::to_string(++n);
    m.name = "m" + m.version;
    m.layout = Layout::GolangMigrate;
    m.up = script_of(up, m.version + ".up.sql");
    if (!down.empty())
      m.down = script_of(down, m.version + ".down.sql");
    set.migrations.push_back(std::move(m));
  }
  return set;
}

std::vector<std::string> findings_of(const LintResult& r, const std::string& rule) {
  std::vector<std::string> out;
  for (const auto& m : r.migrations) {
    for (const auto& f : m.findings)
      if (f.rule_id == rule)
        out.push_back(f.message);
    for (const auto& s : m.scripts)
      for (const auto& st : s.statements)
        for (const auto& f : st.findings)
          if (f.rule_id == rule)
            out.push_back(f.message);
  }
  return out;
}

TEST(CatalogDriver, EarlierMigrationsDecideTypeChangesAndNotNull) {
  MigrationSet set = history({
      {"CREATE TABLE users (id int PRIMARY KEY, name varchar(20), age int, email text);", ""},
      {"ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;"
       "ALTER TABLE users ADD CONSTRAINT name_nn CHECK (name IS NOT NULL);",
       ""},
      {"ALTER TABLE users ALTER COLUMN name TYPE varchar(50);" // free
       "ALTER TABLE users ALTER COLUMN age TYPE bigint;"       // rewrite
       "ALTER TABLE users ALTER COLUMN name SET NOT NULL;"     // validated check: silent
       "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
       ""}, // NOT VALID: reported
  });
  LintOptions options;
  options.threads = 2;
  LintResult r = lint_migrations(set, options);
  auto types = findings_of(r, "changing-column-type");
  ASSERT_EQ(types.size(), 1u);
  EXPECT_NE(types[0].find("from int4 to bigint"), std::string::npos) << types[0];
  auto not_null = findings_of(r, "setting-not-null");
  ASSERT_EQ(not_null.size(), 1u);
  EXPECT_NE(not_null[0].find("\"email\""), std::string::npos) << not_null[0];
  // The lock model sees the old type too: no rewrite for the free change.
  const auto& statements = r.migrations[2].scripts[0].statements;
  ASSERT_GE(statements.size(), 2u);
  for (const auto& e : statements[0].effects)
    EXPECT_FALSE(e.rewrite) << e.relation;
  bool rewrite = false;
  for (const auto& e : statements[1].effects)
    rewrite = rewrite || e.rewrite;
  EXPECT_TRUE(rewrite);
}

TEST(CatalogDriver, UnknownObjectAndDowngradeAcrossMigrations) {
  MigrationSet set = history({
      {"CREATE TABLE orders (id int PRIMARY KEY, created_at timestamptz, total int);",
       "DROP TABLE orders;"},
      {"CREATE INDEX orders_created_at_idx ON orders (created_at);"
       "ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0);",
       "ALTER TABLE orders DROP CONSTRAINT orders_total_postive;"},
  });
  LintOptions options;
  LintResult r = lint_migrations(set, options);
  auto unknown = findings_of(r, "unknown-object");
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_NE(unknown[0].find("did you mean \"orders_total_positive\""), std::string::npos)
      << unknown[0];
  auto downgrade = findings_of(r, "downgrade-not-inverse");
  ASSERT_EQ(downgrade.size(), 1u);
  EXPECT_NE(
      downgrade[0].find("index orders_created_at_idx created by the up is not dropped by the down"),
      std::string::npos)
      << downgrade[0];
  EXPECT_NE(downgrade[0].find("constraint orders_total_positive created by the up"),
            std::string::npos)
      << downgrade[0];
  // Linting only the newest migration still sees the history.
  options.first_linted = 1;
  LintResult newest = lint_migrations(set, options);
  ASSERT_EQ(newest.migrations.size(), 1u);
  EXPECT_EQ(findings_of(newest, "unknown-object").size(), 1u);
}

TEST(CatalogDriver, IncompleteHistoryIsNotTrusted) {
  MigrationSet set = history({{"ALTER TABLE legacy ADD COLUMN x int;", ""},
                              {"ALTER TABLE legacy_misspelt DROP COLUMN y;", ""}});
  LintResult r = lint_migrations(set, LintOptions{});
  EXPECT_TRUE(findings_of(r, "unknown-object").empty());
  // With --schema naming the start, the history is complete again.
  LintOptions options;
  options.schema = std::make_shared<const Catalog>(catalog_of("CREATE TABLE legacy (id int);"));
  r = lint_migrations(set, options);
  EXPECT_EQ(findings_of(r, "unknown-object").size(), 1u);
}

TEST(CatalogSchemaDump, ReadsPgDumpForms) {
  std::string dump = R"(--
-- PostgreSQL database dump
--

\restrict abc123

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);
SET default_table_access_method = heap;

CREATE TYPE public.mood AS ENUM (
    'sad',
    'happy'
);
ALTER TYPE public.mood OWNER TO postgres;

CREATE TABLE public.orders (
    id integer NOT NULL,
    status public.mood DEFAULT 'sad'::public.mood,
    email character varying(255)
);
ALTER TABLE public.orders OWNER TO postgres;

CREATE SEQUENCE public.orders_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.orders_id_seq OWNED BY public.orders.id;
ALTER TABLE ONLY public.orders ALTER COLUMN id SET DEFAULT nextval('public.orders_id_seq'::regclass);
ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
CREATE INDEX orders_email_idx ON public.orders USING btree (email);

\unrestrict abc123
)";
  Catalog c = value_or_throw(load_schema_dump_text("dump.sql", dump));
  EXPECT_TRUE(c.trusted);
  EXPECT_EQ(c.search_path, std::vector<std::string>{"public"});
  const CatalogTable* t = c.table("public.orders");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->column("status")->type, "public.mood");
  EXPECT_EQ(t->column("email")->type, "varchar(255)");
  EXPECT_EQ(t->column("id")->default_expr.value_or(""), "nextval'public.orders_id_seq'");
  EXPECT_NE(t->constraint("orders_pkey"), nullptr);
  EXPECT_EQ(c.sequences["public.orders_id_seq"].owned_by, "public.orders.id");
  EXPECT_EQ(c.sequences["public.orders_id_seq"].type, "int4");
  EXPECT_TRUE(c.indexes.count("public.orders_email_idx"));
  // Same schema written as a migration: no difference.
  Catalog m = catalog_of("CREATE TYPE mood AS ENUM ('sad', 'happy');"
                         "CREATE TABLE orders (id serial PRIMARY KEY, status mood DEFAULT 'sad',"
                         " email varchar(255));"
                         "CREATE INDEX orders_email_idx ON orders (email);");
  for (const auto& d : diff_catalogs(m, c))
    ADD_FAILURE() << describe(d);
}

TEST(CatalogSchemaDump, BadStatementNamesFileAndLine) {
  const Expected<Catalog> loaded =
      load_schema_dump_text("broken.sql", "SET x = 1;\n\nCREATE TABLE (;\n");
  ASSERT_FALSE(loaded.has_value()) << "expected an error";
  EXPECT_EQ(loaded.error().file, "broken.sql");
  EXPECT_EQ(loaded.error().line, 3);
}

} // namespace
} // namespace pgdrydock::testing
