// The lock column of the simulation reports from typed observations (the replayer tests check
// the same on a real server): which relation leads, what follows on its own lines, and the
// units every numeric column header names.
#include <string>

#include <gtest/gtest.h>

#include "reports/lock_column.h"
#include "reports/report_format.h"

namespace pgdrydock {
namespace {

HeldRelation held(std::string relation, std::string mode, std::optional<std::string> acquired,
                  bool created = false, std::optional<std::string> belongs_to = std::nullopt) {
  return {std::move(relation),
          belongs_to ? "index" : "table",
          std::move(mode),
          std::move(acquired),
          created,
          std::move(belongs_to)};
}

StatementResult statement(std::vector<HeldRelation> locks, const std::string& acts_on) {
  StatementResult st;
  st.text = "ALTER TABLE t ...";
  st.location.line = 3;
  Effect e;
  e.relation = acts_on;
  e.lock = LockMode::AccessExclusive;
  st.effects.push_back(e);
  StatementObservation m;
  m.locks = std::move(locks);
  m.mismatch = {"predicted no lock, observed ShareLock on public.z"};
  st.measured = m;
  return st;
}

TEST(LockColumn, TheRelationActedOnLeadsAmongEqualsAndItsIndexesFollowIt) {
  const StatementResult st = statement(
      {held("public.accounts", "AccessExclusiveLock", "AccessExclusiveLock"),
       held("public.documents", "AccessExclusiveLock", "AccessExclusiveLock"),
       held("public.documents_pkey", "AccessExclusiveLock", "AccessExclusiveLock", false,
            "public.documents"),
       held("public.new_idx", "AccessExclusiveLock", "AccessExclusiveLock", true, "public.z"),
       held("public.z", "RowExclusiveLock", std::nullopt)},
      "public.documents");
  const LockColumn c = lock_column(st);
  EXPECT_EQ(c.main, "AccessExclusiveLock public.documents");
  ASSERT_EQ(c.others.size(), 2u);
  EXPECT_EQ(c.others[0], "AccessExclusiveLock public.accounts");
  EXPECT_EQ(c.others[1], "RowExclusiveLock public.z (held from an earlier statement)");
}

TEST(LockColumn, OnlyCreatedRelationsLeaveTheColumnEmpty) {
  const LockColumn c = lock_column(
      statement({held("public.n", "AccessExclusiveLock", "AccessExclusiveLock", true)}, "x.y"));
  EXPECT_EQ(c.main, "-");
  ASSERT_EQ(c.others.size(), 1u);
  EXPECT_EQ(c.others[0], "AccessExclusiveLock public.n (created)");
}

TEST(LockColumn, AnObservationWithoutHeldLocksShowsItsNewLocks) {
  StatementResult st = statement({}, "public.t");
  st.measured->observed.push_back({"public.t", false, "ShareLock", true, "table"});
  const LockColumn c = lock_column(st);
  EXPECT_EQ(c.main, "ShareLock public.t");
  EXPECT_TRUE(c.rewrite);
}

TEST(LockColumn, EveryReportNamesItsUnitsAndTheDisagreement) {
  LintResult r;
  MigrationResult m;
  m.version = "1";
  ScriptResult s;
  s.statements.push_back(statement({held("public.t", "AccessExclusiveLock", std::nullopt),
                                    held("public.u", "ShareLock", "ShareLock")},
                                   "public.t"));
  m.scripts.push_back(s);
  r.migrations.push_back(m);
  const std::string text = find_renderer("simulation-text")->render(r, RenderOptions{});
  for (const char* header : {"time ms", "reads blocked ms", "writes blocked ms", "lock held"})
    EXPECT_NE(text.find(header), std::string::npos) << header << "\n" << text;
  EXPECT_NE(text.find("also held: ShareLock public.u\n"), std::string::npos) << text;
  const std::string md = find_renderer("markdown")->render(r, RenderOptions{});
  EXPECT_NE(md.find("| line | time ms | lock held (mode relation) | rewrite | reads blocked ms | "
                    "writes blocked ms | statement |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| AccessExclusiveLock public.t (held from an earlier statement)<br>ShareLock "
                    "public.u |"),
            std::string::npos)
      << md;
  const std::string html = find_renderer("html")->render(r, RenderOptions{});
  for (const char* header : {"<th>time (ms)</th>", "<th>reads blocked (ms)</th>",
                             "<th>writes blocked (ms)</th>", "<th>lock held (mode relation)</th>"})
    EXPECT_NE(html.find(header), std::string::npos) << header;
  EXPECT_NE(html.find("(held from an earlier statement)<br/>ShareLock public.u"), std::string::npos)
      << html;
  const std::string line = "model disagrees: predicted no lock, observed ShareLock on public.z";
  for (const std::string* report : {&text, &md, &html})
    EXPECT_NE(report->find(line), std::string::npos) << *report;
}

} // namespace
} // namespace pgdrydock
