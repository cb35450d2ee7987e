// The lint driver's two promises of issue 12: an exception thrown while linting a file (on a
// worker thread or in the catalog pass) comes back to the caller as an input error naming the
// file, and each up script is parsed once while the catalog still sees every statement.
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>

#include "lint/lint_driver.h"
#include "lint/rule.h"
#include "lint/support/error.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock {
namespace {

constexpr std::string_view kBoom = "pgdrydock_test_boom";

// A rule of this test binary only, registered through the real registry: it throws on any
// statement naming kBoom, as a rule with a bug would on an input nobody foresaw.
class ThrowingRule : public Rule {
public:
  std::string_view id() const override { return "test-throwing-rule"; }
  Severity default_severity() const override { return Severity::Info; }
  std::string_view summary() const override { return "throws on a marker (tests only)"; }
  void check(const RuleInput& in, FindingSink&) const override {
    if (in.statement.text().find(kBoom) != std::string_view::npos)
      throw std::logic_error("rule bug on purpose");
  }
};
PGDRYDOCK_REGISTER_RULE(ThrowingRule)

// A golang-migrate folder (N_mN.up.sql / N_mN.down.sql), read by the real loader.
struct History {
  testing::TempFolder dir;
  MigrationSet set;
};
std::unique_ptr<History>
history(const std::vector<std::pair<std::string, std::string>>& ups_downs) {
  auto h = std::make_unique<History>();
  int n = 0;
  for (const auto& [up, down] : ups_downs) {
    ++n;
    std::string base = std::to_string(n) + "_m" + std::to_string(n);
    h->dir.write(base + ".up.sql", up);
    if (!down.empty())
      h->dir.write(base + ".down.sql", down);
  }
  h->set = load_migrations({h->dir.str()}, {});
  EXPECT_EQ(h->set.migrations.size(), ups_downs.size());
  return h;
}

// Runs the lint and returns the input error it threw ("" when it did not throw).
std::string lint_error(const MigrationSet& set, const LintOptions& options) {
  try {
    lint_migrations(set, options);
  } catch (const ErrorException& e) {
    return e.error().file + ": " + e.error().message;
  }
  return "";
}

std::unique_ptr<History> eight_migrations_one_bad(bool bad_in_down) {
  std::vector<std::pair<std::string, std::string>> items;
  for (int i = 0; i < 8; ++i)
    items.push_back({"CREATE TABLE t" + std::to_string(i) + " (id int);",
                     "DROP TABLE t" + std::to_string(i) + ";"});
  std::string bad = "CREATE TABLE " + std::string(kBoom) + " (id int);";
  if (bad_in_down)
    items[5].second = bad;
  else
    items[5].first = bad;
  return history(items);
}

TEST(LintDriverErrors, WorkerExceptionNamesTheFileInsteadOfTerminating) {
  LintOptions options;
  options.threads = 2;
  options.use_catalog = false; // whole migrations on the worker threads
  std::string error = lint_error(eight_migrations_one_bad(false)->set, options);
  EXPECT_NE(error.find("/6_m6.up.sql: "), std::string::npos) << error;
  EXPECT_NE(error.find("rule bug on purpose"), std::string::npos) << error;
}

TEST(LintDriverErrors, DownScriptExceptionOnAWorkerNamesTheDownFile) {
  LintOptions options;
  options.threads = 2; // with the catalog, down scripts are linted on the workers
  std::string error = lint_error(eight_migrations_one_bad(true)->set, options);
  EXPECT_NE(error.find("/6_m6.down.sql: "), std::string::npos) << error;
}

TEST(LintDriverErrors, CatalogPassExceptionNamesTheUpFile) {
  LintOptions options;
  options.threads = 2; // ups are linted during the catalog's sequential replay
  std::string error = lint_error(eight_migrations_one_bad(false)->set, options);
  EXPECT_NE(error.find("/6_m6.up.sql: internal error while linting this file"), std::string::npos)
      << error;
}

TEST(LintDriverErrors, SingleMigrationLintNamesTheFileToo) {
  auto h = eight_migrations_one_bad(false);
  try {
    lint_migration(h->set.migrations[5], LintOptions{});
    FAIL() << "no error";
  } catch (const ErrorException& e) {
    EXPECT_TRUE(e.error().file.ends_with("/6_m6.up.sql")) << e.error().file;
  }
}

// Parse once: the up script is linted by the catalog pass itself. Rules must still see the
// schema as it stands before each statement (the table made two statements earlier, its
// column type changed by the statement before), and migrations after it the schema after it.
TEST(LintDriverParseOnce, RulesSeeTheCatalogStatementByStatement) {
  auto h = history({
      {"CREATE TABLE a (id int, v int);", ""},
      {"ALTER TABLE a ALTER COLUMN v TYPE bigint;"       // rewrite: int4 -> int8
       "ALTER TABLE a ALTER COLUMN v TYPE bigint;",      // free: already bigint
       "ALTER TABLE a ALTER COLUMN v TYPE int;"},        // down: from bigint, a rewrite
      {"ALTER TABLE a ALTER COLUMN v TYPE bigint;", ""}, // free after migration 2
  });
  const MigrationSet& set = h->set;
  for (unsigned threads : {1u, 2u}) {
    LintOptions options;
    options.threads = threads;
    LintResult r = lint_migrations(set, options);
    ASSERT_EQ(r.migrations.size(), 3u);
    auto rewrites = [&](std::size_t m, std::size_t script, std::size_t st) {
      bool rewrite = false;
      for (const auto& e : r.migrations[m].scripts[script].statements.at(st).effects)
        rewrite = rewrite || e.rewrite;
      return rewrite;
    };
    EXPECT_TRUE(rewrites(1, 0, 0));
    EXPECT_FALSE(rewrites(1, 0, 1));
    EXPECT_TRUE(rewrites(1, 1, 0));
    EXPECT_FALSE(rewrites(2, 0, 0));
    // The same, linted alone from the second migration on (the first one only replayed).
    options.first_linted = 1;
    LintResult newest = lint_migrations(set, options);
    ASSERT_EQ(newest.migrations.size(), 2u);
    EXPECT_EQ(newest.migrations[0].scripts[0].statements.at(0).effects.size(),
              r.migrations[1].scripts[0].statements.at(0).effects.size());
  }
}

// The first migration's trust is judged before its rules run, by a replay that stops at its first
// unknown name; the catalog the next migrations see must still hold all of the first up.
TEST(LintDriverParseOnce, FirstMigrationNamingUnknownObjectsIsStillAppliedWhole) {
  auto h = history({
      {"ALTER TABLE legacy ADD COLUMN x int;" // unknown: the history is not trusted
       "CREATE TABLE a (id int, v varchar(10));",
       ""},
      {"ALTER TABLE a ALTER COLUMN v TYPE varchar(20);", ""}, // free: a longer varchar
  });
  const MigrationSet& set = h->set;
  for (std::size_t first_linted : {0u, 1u}) {
    LintOptions options;
    options.first_linted = first_linted;
    LintResult r = lint_migrations(set, options);
    const auto& statements = r.migrations.back().scripts[0].statements;
    ASSERT_EQ(statements.size(), 1u);
    for (const auto& e : statements[0].effects)
      EXPECT_FALSE(e.rewrite) << "first_linted " << first_linted << ": " << e.relation;
    ASSERT_FALSE(statements[0].effects.empty());
  }
}

} // namespace
} // namespace pgdrydock
