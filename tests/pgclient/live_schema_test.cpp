// The one reader of a live schema (simulate/snapshot/snapshot_reader.h) on a real server: the
// typed records, the parts each consumer asks for, the schema narrowing, and the views the
// seeder and the reversibility check make of it.
#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "simulate/check/schema_snapshot.h"
#include "simulate/sandbox/pg_session.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/seed/catalog_reader.h"
#include "simulate/snapshot/snapshot_reader.h"

namespace pgdrydock {
namespace {

constexpr const char* kSchema = R"SQL(
CREATE SCHEMA other;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN short_code AS varchar(8) NOT NULL CHECK (VALUE <> '');
CREATE TABLE parent (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, code text);
CREATE UNIQUE INDEX parent_code_key ON parent (code);
CREATE TABLE child (
  id serial PRIMARY KEY,
  parent_code text REFERENCES parent (code),
  tag short_code,
  moods mood[] DEFAULT '{}',
  note text COLLATE "C"
);
-- NOT VALID counts only when added to an existing table (CREATE TABLE validates it).
ALTER TABLE child ADD CONSTRAINT child_note_check CHECK (note <> 'x') NOT VALID;
CREATE TABLE other.t (a int);
CREATE VIEW child_view AS SELECT id FROM child;
)SQL";

class LiveSchemaTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    sandbox_ = Sandbox::start({}).release();
    database_ = sandbox_->fresh_database_name("live_schema");
    sandbox_->create_database(database_, "");
    PgSession session(sandbox_->conninfo(database_));
    const auto error = session.exec(kSchema);
    ASSERT_FALSE(error) << error->message;
  }
  static void TearDownTestSuite() { delete sandbox_; }
  static std::string conninfo() { return sandbox_->conninfo(database_); }
  static Sandbox* sandbox_;
  static std::string database_;
};
Sandbox* LiveSchemaTest::sandbox_ = nullptr;
std::string LiveSchemaTest::database_;

const LiveRelation& relation(const LiveSchema& schema, const std::string& name) {
  const auto found = std::find_if(schema.relations.begin(), schema.relations.end(),
                                  [&](const LiveRelation& r) { return r.name == name; });
  if (found == schema.relations.end())
    throw std::runtime_error("no relation " + name);
  return *found;
}

const LiveColumn& column(const LiveRelation& r, const std::string& name) {
  for (const auto& c : r.columns)
    if (c.name == name)
      return c;
  throw std::runtime_error("no column " + name);
}

TEST_F(LiveSchemaTest, TypedRecordsOfTheCommonParts) {
  PgSession session(conninfo());
  EXPECT_EQ(column(relation(read_live_schema(session, {}), "child"), "tag").type.name, "")
      << "types are resolved for the seeding part only";
  SnapshotRequest request;
  request.seeding = true;
  const LiveSchema schema = read_live_schema(session, request);
  EXPECT_TRUE(schema.other_objects.empty()) << "definitions were not asked for";
  EXPECT_TRUE(schema.server_version.empty()) << "statistics were not asked for";
  const LiveRelation& child = relation(schema, "child");
  EXPECT_EQ(child.kind, 'r');
  EXPECT_EQ(relation(schema, "child_view").kind, 'v');
  EXPECT_NE(relation(schema, "child_view").view_definition.find("FROM child"), std::string::npos);
  EXPECT_EQ(relation(schema, "child_id_seq").kind, 'S');
  EXPECT_TRUE(relation(schema, "child_id_seq").columns.empty()) << "a sequence's own columns";
  ASSERT_EQ(child.columns.size(), 5u);
  const LiveColumn& tag = column(child, "tag");
  EXPECT_FALSE(tag.declared_not_null);
  EXPECT_TRUE(tag.not_null) << "NOT NULL of its domain";
  EXPECT_NE(tag.domain_oid, 0u);
  EXPECT_EQ(tag.type.name, "varchar") << "the domain resolved to its base type";
  EXPECT_EQ(tag.type.typmod, 12) << "varchar(8): 8 + 4";
  const LiveColumn& moods = column(child, "moods");
  EXPECT_TRUE(moods.is_array);
  EXPECT_EQ(moods.type.name, "mood");
  EXPECT_EQ(moods.type.typtype, 'e');
  EXPECT_EQ(moods.type_display, "mood[]");
  ASSERT_TRUE(moods.default_expr.has_value());
  EXPECT_EQ(column(child, "note").collation, "\"C\"");
  EXPECT_EQ(column(relation(schema, "parent"), "id").identity, 'a');

  const auto check =
      std::find_if(schema.constraints.begin(), schema.constraints.end(),
                   [](const LiveConstraint& k) { return k.name == "child_note_check"; });
  ASSERT_NE(check, schema.constraints.end());
  EXPECT_FALSE(check->validated);
  EXPECT_EQ(check->table, "child");
  EXPECT_EQ(leftovers(schema),
            std::vector<std::string>{"constraint public.child.child_note_check (NOT VALID)"});
}

TEST_F(LiveSchemaTest, SeederViewKeepsAUniqueIndexAForeignKeyReferences) {
  PgSession session(conninfo());
  const std::vector<LiveTable> tables = read_user_tables(session);
  const auto parent = std::find_if(tables.begin(), tables.end(),
                                   [](const LiveTable& t) { return t.name == "parent"; });
  ASSERT_NE(parent, tables.end());
  // The foreign key's conindid names parent_code_key, which it does not own: still a unique
  // index the seeder must respect.
  ASSERT_EQ(parent->uniques.size(), 2u);
  EXPECT_EQ(parent->uniques[0].name, "parent_pkey");
  EXPECT_TRUE(parent->uniques[0].primary);
  EXPECT_EQ(parent->uniques[1].name, "parent_code_key");
  EXPECT_EQ(parent->uniques[1].attnums, std::vector<int>{2});
  const auto child = std::find_if(tables.begin(), tables.end(),
                                  [](const LiveTable& t) { return t.name == "child"; });
  ASSERT_NE(child, tables.end());
  ASSERT_EQ(child->foreign_keys.size(), 1u);
  EXPECT_EQ(child->foreign_keys[0].ref_table_oid, parent->oid);
  EXPECT_EQ(child->column(4)->type.enum_labels, (std::vector<std::string>{"sad", "ok", "happy"}));
  ASSERT_EQ(child->column(3)->domain_checks.size(), 1u);
  EXPECT_NE(child->column(3)->domain_checks[0].find("VALUE"), std::string::npos);
  EXPECT_EQ(child->column(1)->sequence, "public.child_id_seq");
  EXPECT_EQ(std::count_if(tables.begin(), tables.end(),
                          [](const LiveTable& t) { return t.name == "child_view"; }),
            0)
      << "views are not seeded";
}

TEST_F(LiveSchemaTest, SchemasNarrowTheRelationsAndWhatBelongsToThem) {
  PgSession session(conninfo());
  SnapshotRequest request;
  request.schemas = {"other"};
  const LiveSchema schema = read_live_schema(session, request);
  ASSERT_EQ(schema.relations.size(), 1u);
  EXPECT_EQ(schema.relations[0].qualified_name(), "other.t");
  for (const auto& k : schema.constraints)
    EXPECT_EQ(k.table_oid, 0u) << k.name << ": only domain constraints are unbound";
  EXPECT_TRUE(schema.indexes.empty());
}

TEST_F(LiveSchemaTest, SnapshotViewNamesEveryKindOfObject) {
  PgSession session(conninfo());
  const SchemaSnapshot snapshot = take_schema_snapshot(session);
  for (const char* key :
       {"table public.child", "view public.child_view", "sequence public.child_id_seq",
        "column public.child.tag", "constraint public.child.child_note_check",
        "index public.parent_code_key", "type public.mood", "schema other"})
    EXPECT_EQ(snapshot.count(key), 1u) << key;
  EXPECT_EQ(snapshot.at("column public.child.note").definition, "text collate \"C\"");
  // pg_get_constraintdef says NOT VALID itself; the snapshot's own marker is kept as it was.
  EXPECT_EQ(snapshot.at("constraint public.child.child_note_check").definition,
            "CHECK ((note <> 'x'::text)) NOT VALID (NOT VALID)");
}

} // namespace
} // namespace pgdrydock
