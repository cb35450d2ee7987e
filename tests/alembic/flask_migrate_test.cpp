// Alembic projects as they are: tests/fixtures/alembic_flask is a Flask-Migrate `migrations/`
// folder (alembic.ini without script_location, an env.py that needs the Flask application)
// whose revisions use application and sqlalchemy_utils column types, take their SQL from the
// application, read rows in a downgrade, and end in a `pass` merge. Rendered by the real
// Alembic, in standalone mode.
#include <gtest/gtest.h>

#include "tests/alembic/alembic_test_support.h"
#include "tests/alembic/run_cli.h"

namespace pgdrydock::alembic_test {
namespace {

std::string flask_folder() {
  return fixture_dir("alembic_flask") + "/migrations";
}

Loaded load_flask() {
  AlembicOptions o;
  o.ini = flask_folder() + "/alembic.ini";
  o.standalone = true;
  return load(o);
}

LintResult lint(const MigrationSet& set) {
  LintOptions options;
  options.threads = 1;
  return lint_migrations(set, options);
}

const SkippedFile* skipped_revision(const MigrationSet& set, const std::string& revision) {
  for (const SkippedFile& s : set.skipped)
    if (s.reason.rfind("revision " + revision + ":", 0) == 0)
      return &s;
  return nullptr;
}

TEST(AlembicFlaskMigrate, IniWithoutScriptLocationReadsTheFolderHoldingIt) {
  Loaded l = load_flask();
  ASSERT_TRUE(l.set.errors.empty()) << l.set.errors.front().message;
  // Every revision is there, f2 too: its upgrade cannot render (its SQL is the application's)
  // but its downgrade is read (Migration::up_error, issue 13).
  std::vector<std::string> order = versions(l.set);
  ASSERT_EQ(order.size(), 5u);
  EXPECT_EQ(order.front(), "f1");
  EXPECT_EQ(order.back(), "m1"); // f3 and f4 are two branches, in Alembic's order between
  EXPECT_NE(find_migration(l.set, "f3"), nullptr);
  EXPECT_NE(find_migration(l.set, "f4"), nullptr);
}

TEST(AlembicFlaskMigrate, AlembicOptionNamingTheFolderFindsTheIniInside) {
  CliRun run = run_pgdrydock(
      {"lint", "--alembic", flask_folder(), "--alembic-standalone", "--format", "json"});
  nlohmann::json report = run.json();
  ASSERT_FALSE(report.is_discarded()) << run.err;
  EXPECT_EQ(run.exit_code, 1) << run.err;     // warnings at the default --fail-on
  EXPECT_EQ(report["migrations"].size(), 5u); // f2 with its downgrade, its upgrade unrendered

  // A folder without alembic.ini is an input error naming it.
  CliRun empty = run_pgdrydock({"lint", "--alembic", fixture_dir("alembic_flask")});
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.err.find("alembic_flask: error:"), std::string::npos) << empty.err;
  EXPECT_NE(empty.err.find("no alembic.ini in this folder"), std::string::npos) << empty.err;
}

TEST(AlembicFlaskMigrate, WithoutStandaloneTheFlaskEnvIsNamedInTheError) {
  AlembicOptions o;
  o.ini = flask_folder();
  Loaded l = load(o);
  ASSERT_EQ(l.set.errors.size(), 1u);
  EXPECT_TRUE(l.set.errors[0].file.ends_with("migrations/env.py")) << l.set.errors[0].file;
  EXPECT_NE(l.set.errors[0].message.find("No module named 'flask'"), std::string::npos)
      << l.set.errors[0].message;
  EXPECT_NE(l.set.errors[0].message.find("--alembic-standalone"), std::string::npos)
      << l.set.errors[0].message;
}

TEST(AlembicStandaloneStubs, StubbedColumnTypesNeverReachTheSql) {
  Loaded l = load_flask();
  const Migration* f1 = find_migration(l.set, "f1");
  ASSERT_NE(f1, nullptr);
  const std::string up(f1->up.text());
  EXPECT_EQ(up.find("myapp"), std::string::npos) << up;
  EXPECT_EQ(up.find("sqlalchemy_utils"), std::string::npos) << up;
  EXPECT_NE(up.find("role unknown NOT NULL"), std::string::npos) << up;
  EXPECT_NE(up.find("ADD COLUMN owner_role unknown"), std::string::npos) << up;
  bool named = false;
  for (const std::string& w : l.warnings)
    named = named || (w.find("rendered as `unknown`") != std::string::npos &&
                      w.find("myapp.models.types.Role") != std::string::npos);
  EXPECT_TRUE(named) << "no warning names the stubbed column type";

  // The statements are analysed (they parse, their effects are predicted) without the type.
  LintOptions options;
  options.threads = 1;
  options.keep_all_statements = true;
  LintResult r = lint_migrations(l.set, options);
  EXPECT_TRUE(findings_of(r, "syntax-error").empty());
  const StatementResult* add =
      statement_starting(r, "f1", Direction::Up, "ALTER TABLE documents ADD COLUMN owner_role");
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->kind, "AlterTableStmt");
  EXPECT_FALSE(add->effects.empty());
  for (const Finding* f : all_findings(r))
    EXPECT_EQ(f->message.find("Role"), std::string::npos) << f->rule_id << ": " << f->message;
}

TEST(AlembicStandaloneStubs, SqlFromAStubIsAReasonNotAStatement) {
  Loaded l = load_flask();
  const SkippedFile* f2 = skipped_revision(l.set, "f2");
  ASSERT_NE(f2, nullptr);
  EXPECT_NE(f2->reason.find("upgrade()"), std::string::npos) << f2->reason;
  EXPECT_NE(f2->reason.find("myapp.search.trigger_sql comes from a stubbed import"),
            std::string::npos)
      << f2->reason;
}

TEST(AlembicStandaloneStubs, UpgradeThatCannotRenderKeepsItsDowngrade) {
  Loaded l = load_flask();
  const Migration* f2 = find_migration(l.set, "f2");
  ASSERT_NE(f2, nullptr);
  // Which revision's upgrade could not be rendered, and why.
  EXPECT_NE(f2->up_error.find("myapp.search.trigger_sql comes from a stubbed import"),
            std::string::npos)
      << f2->up_error;
  EXPECT_TRUE(f2->up.text().empty());
  ASSERT_TRUE(f2->down.has_value());
  EXPECT_NE(f2->down->text().find("DROP TRIGGER IF EXISTS documents_search ON documents"),
            std::string::npos)
      << f2->down->text();
  EXPECT_TRUE(f2->down_error.empty());
  const SkippedFile* skipped = skipped_revision(l.set, "f2");
  ASSERT_NE(skipped, nullptr);
  EXPECT_NE(skipped->reason.find("upgrade() cannot render offline"), std::string::npos);

  // The downgrade is linted (its statement is in the report), but not against a catalog the
  // unrendered upgrade never reached: no finding compares it with the upgrade.
  const LintResult r = lint(l.set);
  const MigrationResult* linted = nullptr;
  for (const auto& m : r.migrations)
    if (m.version == "f2")
      linted = &m;
  ASSERT_NE(linted, nullptr);
  bool down_linted = false;
  for (const auto& script : linted->scripts)
    if (script.direction == Direction::Down)
      for (const auto& st : script.statements)
        down_linted = down_linted || st.text.find("DROP TRIGGER") != std::string::npos;
  EXPECT_TRUE(down_linted);
  EXPECT_TRUE(findings_of(r, "downgrade-not-inverse").empty());
  EXPECT_TRUE(findings_of(r, "alembic-irreversible-downgrade").empty());
}

TEST(AlembicStandaloneStubs, DowngradeThatCannotRenderIsNotAMissingDowngrade) {
  Loaded l = load_flask();
  const SkippedFile* f3 = skipped_revision(l.set, "f3");
  ASSERT_NE(f3, nullptr);
  EXPECT_NE(f3->reason.find("downgrade() could not render: line 16: "), std::string::npos)
      << f3->reason;
  const Migration* m = find_migration(l.set, "f3");
  ASSERT_NE(m, nullptr);
  EXPECT_FALSE(m->down.has_value());
  EXPECT_NE(m->down_error.find("get_bind"), std::string::npos) << m->down_error;

  // Neither f3 (unknown downgrade) nor the `pass` merge m1 is called irreversible.
  EXPECT_TRUE(findings_of(lint(l.set), "alembic-irreversible-downgrade").empty());
}

TEST(AlembicStandaloneStubs, MergeWithPassBodiesRendersNothingInEitherDirection) {
  Loaded l = load_flask();
  const Migration* merge = find_migration(l.set, "m1");
  ASSERT_NE(merge, nullptr);
  EXPECT_TRUE(merge->up.text().empty());
  ASSERT_TRUE(merge->down.has_value()); // `pass` is a downgrade, not a missing one
  EXPECT_TRUE(merge->down->text().empty());
  EXPECT_TRUE(merge->down_error.empty());
}

} // namespace
} // namespace pgdrydock::alembic_test
