// The one schema diff over a live server's snapshots: the records (kind, name, change, was,
// now) and the sentences the simulation report shows after a downgrade.
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "simulate/check/schema_snapshot.h"
#include "simulate/sandbox/pg_session.h"
#include "simulate/sandbox/sandbox.h"

namespace pgdrydock {
namespace {

SchemaSnapshot snapshot_of(const std::vector<SchemaObject>& objects) {
  SchemaSnapshot s;
  for (const auto& o : objects)
    s[o.kind + " " + o.name] = o;
  return s;
}

TEST(SnapshotDiff, RecordsWhatWasLeftChangedAndNotRestored) {
  const SchemaSnapshot before = snapshot_of(
      {{"table", "public.t", "kind=r"},
       {"column", "public.t.a", "integer"},
       {"index", "public.t_a_idx", "CREATE INDEX t_a_idx ON public.t USING btree (a)"}});
  const SchemaSnapshot after = snapshot_of({{"table", "public.t", "kind=r"},
                                            {"column", "public.t.a", "bigint"},
                                            {"column", "public.t.b", "text"},
                                            {"type", "public.mood", "enum ('a')"}});
  const auto diff = diff_snapshots(before, after);
  ASSERT_EQ(diff.size(), 4u);
  using Change = CatalogDifference::Change;
  EXPECT_EQ(diff[0].name, "public.t.a");
  EXPECT_EQ(diff[0].change, Change::Changed);
  EXPECT_EQ(diff[0].was, "integer");
  EXPECT_EQ(diff[0].now, "bigint");
  EXPECT_EQ(diff[1].name, "public.t.b");
  EXPECT_EQ(diff[1].change, Change::Added);
  EXPECT_EQ(diff[2].kind, "type");
  EXPECT_EQ(diff[2].change, Change::Added);
  EXPECT_EQ(diff[3].kind, "index");
  EXPECT_EQ(diff[3].change, Change::Removed);

  const std::vector<std::string> expected = {
      "column public.t.a changed after downgrade: was \"integer\", now \"bigint\"",
      "column public.t.b still exists after downgrade",
      "type public.mood left behind after downgrade",
      "index public.t_a_idx missing after downgrade (dropped by up or down, not restored)"};
  EXPECT_EQ(describe_schema_diff(before, after), expected);
  EXPECT_TRUE(diff_snapshots(before, before).empty());
}

// Read from a real server: a downgrade that forgets an index and changes a default is seen.
TEST(SnapshotDiff, SeesWhatADowngradeGotWrongOnARealServer) {
  auto sandbox = Sandbox::start({});
  const std::string db = sandbox->fresh_database_name("snapshot");
  sandbox->create_database(db, "");
  PgSession session(sandbox->conninfo(db));
  ASSERT_FALSE(session.exec("CREATE TABLE t (a int DEFAULT 1, b text)"));
  const SchemaSnapshot before = take_schema_snapshot(session);
  EXPECT_EQ(before.count("table public.t"), 1u);
  EXPECT_EQ(before.count("column public.t.b"), 1u);
  ASSERT_FALSE(session.exec("CREATE INDEX t_b_idx ON t (b); ALTER TABLE t ALTER a SET DEFAULT 2"));
  const auto lines = describe_schema_diff(before, take_schema_snapshot(session));
  ASSERT_EQ(lines.size(), 2u) << ::testing::PrintToString(lines);
  EXPECT_EQ(lines[0], "column public.t.a changed after downgrade: was \"integer default 1\", "
                      "now \"integer default 2\"");
  EXPECT_EQ(lines[1], "index public.t_b_idx still exists after downgrade");
}

} // namespace
} // namespace pgdrydock
