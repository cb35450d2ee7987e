// The small Alembic projects in tests/fixtures/alembic_*: graph shapes, a broken env.py, a
// revision that cannot render offline, ignore comments, the standalone env, selections.
#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "tests/alembic/alembic_test_support.h"

namespace pgdrydock::alembic_test {
namespace {

std::size_t position_of(const std::vector<std::string>& v, const std::string& x) {
  return static_cast<std::size_t>(std::find(v.begin(), v.end(), x) - v.begin());
}

LintResult lint(const MigrationSet& set) {
  LintOptions options;
  options.threads = 1;
  return lint_migrations(set, options);
}

TEST(AlembicGraph, BranchesAndMergeComeAfterEveryParentAndDependency) {
  Loaded l = load_project("alembic_branches");
  ASSERT_TRUE(l.set.errors.empty()) << l.set.errors.front().message;
  std::vector<std::string> order = versions(l.set);
  ASSERT_EQ(order.size(), 5u);
  EXPECT_EQ(order.front(), "a1");
  EXPECT_EQ(order.back(), "m1");
  EXPECT_LT(position_of(order, "a1"), position_of(order, "b1"));
  EXPECT_LT(position_of(order, "c1"), position_of(order, "d1"));
  EXPECT_LT(position_of(order, "b1"), position_of(order, "d1")); // depends_on
  EXPECT_TRUE(l.warnings.empty()) << l.warnings.front();
  // The merge revision renders nothing and its `pass` downgrade is a no-op on purpose.
  const Migration* merge = find_migration(l.set, "m1");
  ASSERT_NE(merge, nullptr);
  EXPECT_TRUE(merge->up.text().empty());
}

TEST(AlembicGraph, TwoHeadsAreNamedInAWarning) {
  Loaded l = load_project("alembic_two_heads");
  ASSERT_TRUE(l.set.errors.empty()) << l.set.errors.front().message;
  EXPECT_EQ(l.set.migrations.size(), 3u);
  ASSERT_EQ(l.warnings.size(), 1u);
  EXPECT_NE(l.warnings[0].find("2 heads (left002, right002)"), std::string::npos) << l.warnings[0];
}

TEST(AlembicGraph, MissingDowngradeFunctionIsIrreversible) {
  Loaded l = load_project("alembic_two_heads");
  const Migration* right = find_migration(l.set, "right002");
  ASSERT_NE(right, nullptr);
  EXPECT_FALSE(right->down.has_value());
  std::vector<Finding> f = findings_of(lint(l.set), "alembic-irreversible-downgrade");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_TRUE(f[0].location.file.ends_with("right_002.py"));
  EXPECT_EQ(f[0].location.line, 1); // the file: there is no def downgrade() line to show
  EXPECT_NE(f[0].message.find("no downgrade() function"), std::string::npos);
}

TEST(AlembicEnv, BrokenEnvPyIsOneErrorNamingItsFileAndLine) {
  Loaded l = load_project("alembic_broken_env");
  EXPECT_TRUE(l.set.migrations.empty());
  ASSERT_EQ(l.set.errors.size(), 1u);
  const Error& e = l.set.errors.front();
  EXPECT_TRUE(e.file.ends_with("alembic_broken_env/migrations/env.py")) << e.file;
  EXPECT_EQ(e.line, 6);
  EXPECT_NE(e.message.find("KeyError: 'DATABASE_URL'"), std::string::npos) << e.message;
}

TEST(AlembicEnv, EnvironmentPassedThroughMakesItRender) {
  AlembicOptions o;
  o.ini = project_ini("alembic_broken_env");
  o.env = {"DATABASE_URL=postgresql://ci@localhost/app"};
  Loaded l = load(o);
  EXPECT_TRUE(l.set.errors.empty()) << l.set.errors.front().message;
  EXPECT_EQ(versions(l.set), std::vector<std::string>{"e1"});
}

TEST(AlembicEnv, ApplicationImportsFailWithoutStandaloneAndRenderWithIt) {
  Loaded plain = load_project("alembic_standalone");
  ASSERT_EQ(plain.set.errors.size(), 1u);
  EXPECT_TRUE(plain.set.errors[0].file.ends_with("env.py"));
  EXPECT_NE(plain.set.errors[0].message.find("No module named 'myapp"), std::string::npos);

  AlembicOptions o;
  o.ini = project_ini("alembic_standalone");
  o.standalone = true;
  Loaded l = load(o);
  ASSERT_TRUE(l.set.errors.empty()) << l.set.errors.front().message;
  ASSERT_EQ(l.set.migrations.size(), 1u);
  // The application's column type is unknown: it renders as PostgreSQL's `unknown`, never as
  // its dotted name (issue 13 changed this), so the statement parses and names no false type.
  EXPECT_NE(l.set.migrations[0].up.text().find("role unknown NOT NULL"), std::string::npos);
  EXPECT_EQ(l.set.migrations[0].up.text().find("myapp"), std::string::npos);
  ASSERT_FALSE(l.warnings.empty());
  EXPECT_NE(l.warnings.back().find("myapp.types"), std::string::npos);
  LintResult r = lint(l.set);
  EXPECT_TRUE(findings_of(r, "syntax-error").empty());
}

TEST(AlembicEnv, UnknownPythonIsAClearError) {
  AlembicOptions o;
  o.ini = project_ini("alembic_branches");
  o.python = "/nonexistent/bin/python3";
  Loaded l = load(o);
  ASSERT_EQ(l.set.errors.size(), 1u);
  EXPECT_NE(l.set.errors[0].message.find("cannot run /nonexistent/bin/python3"), std::string::npos)
      << l.set.errors[0].message;
}

TEST(AlembicEnv, MissingIniIsAClearError) {
  AlembicOptions o;
  o.ini = "/nonexistent/alembic.ini";
  Loaded l = load(o);
  ASSERT_EQ(l.set.errors.size(), 1u);
  EXPECT_EQ(l.set.errors[0].file, "/nonexistent/alembic.ini");
}

TEST(AlembicOffline, RevisionReadingRowsIsSkippedWithItsReasonAndTheOthersRender) {
  Loaded l = load_project("alembic_offline");
  EXPECT_TRUE(l.set.errors.empty());
  // o2 is there with its downgrade; its upgrade is the skipped part (Migration::up_error).
  EXPECT_EQ(versions(l.set), (std::vector<std::string>{"o1", "o2", "o3"}));
  ASSERT_EQ(l.set.skipped.size(), 1u);
  const SkippedFile& s = l.set.skipped[0];
  EXPECT_TRUE(s.path.ends_with("o2_roles.py"));
  EXPECT_NE(s.reason.find("revision o2"), std::string::npos) << s.reason;
  EXPECT_NE(s.reason.find("line 14"), std::string::npos) << s.reason;
  EXPECT_NE(s.reason.find("op.get_bind()"), std::string::npos) << s.reason;
}

TEST(AlembicIgnores, PythonCommentsSilenceTheStatementsOfTheirOpCall) {
  Loaded l = load_project("alembic_ignores");
  ASSERT_TRUE(l.set.errors.empty());
  LintResult r = lint(l.set);
  std::vector<Finding> mixed = findings_of(r, "alembic-mixed-data-migration");
  // Line 14 is ignored by the comment above it, line 18 by `all` at its end; line 15 is not.
  ASSERT_EQ(mixed.size(), 1u);
  EXPECT_EQ(mixed[0].location.line, 15);
  // `# pgdrydock:ignore alembic-irreversible-downgrade` inside the `pass` downgrade.
  EXPECT_TRUE(findings_of(r, "alembic-irreversible-downgrade").empty());
}

TEST(AlembicSelection, FilesSelectOnlyTheirRevisions) {
  AlembicOptions o;
  o.ini = project_ini("alembic_project");
  o.files = {std::string(PGDRYDOCK_SOURCE_DIR) +
             "/tests/fixtures/alembic_project/migrations/versions/006_add_email_verification.py"};
  Loaded l = load(o);
  EXPECT_EQ(versions(l.set), std::vector<std::string>{"006_add_email_verification"});
}

TEST(AlembicSelection, FromToIsTheRangeAlembicUpgradeWouldRun) {
  AlembicOptions o;
  o.ini = project_ini("alembic_project");
  o.from = "003_row_level_security";
  o.to = "007_add_user_preferences";
  Loaded l = load(o);
  EXPECT_EQ(versions(l.set),
            (std::vector<std::string>{"004_add_audit_trail", "005_migrate_user_roles",
                                      "006_add_email_verification", "007_add_user_preferences"}));
  EXPECT_EQ(l.set.skipped.size(), 1u); // 005's upgrade, in the range, cannot render offline
}

TEST(AlembicSelection, UnknownRevisionIsAnError) {
  AlembicOptions o;
  o.ini = project_ini("alembic_project");
  o.from = "nope";
  Loaded l = load(o);
  ASSERT_EQ(l.set.errors.size(), 1u);
  EXPECT_NE(l.set.errors[0].message.find("nope"), std::string::npos) << l.set.errors[0].message;
}

TEST(AlembicDiscovery, AlembicIniIsFoundInAFolder) {
  std::string dir = std::string(PGDRYDOCK_SOURCE_DIR) + "/tests/fixtures/alembic_project";
  ASSERT_TRUE(find_alembic_ini(dir).has_value());
  EXPECT_FALSE(find_alembic_ini(std::string(PGDRYDOCK_SOURCE_DIR) + "/tests").has_value());
}

TEST(AlembicDiscovery, InterpreterComesFromTheAlembicScript) {
  EXPECT_EQ(alembic_python("/opt/py/bin/python"), std::vector<std::string>{"/opt/py/bin/python"});
  std::vector<std::string> py = alembic_python("");
  ASSERT_FALSE(py.empty());
  EXPECT_EQ(py.front(), "/usr/bin/python3"); // Debian's /usr/bin/alembic
  ASSERT_TRUE(alembic_helper_path().has_value());
}

} // namespace
} // namespace pgdrydock::alembic_test
