// `pgdrydock lint` on Alembic projects end to end, through the built executable: --alembic,
// auto-detection of a folder holding alembic.ini, pre-commit file selection, the options passed
// to env.py, warnings on stderr and a broken env.py.
#include <cstdlib>
#include <set>

#include <gtest/gtest.h>

#include "tests/alembic/run_cli.h"

namespace pgdrydock::alembic_test {
namespace {

std::string project_ini() {
  return fixture_dir("alembic_project") + "/alembic.ini";
}

std::string revision_file(const std::string& name) {
  return fixture_dir("alembic_project") + "/migrations/versions/" + name;
}

// "file:line:col: severity: message [rule]" lines of the gcc format naming `rule`.
std::vector<std::string> gcc_findings(const CliRun& run, const std::string& rule) {
  return lines_with(run.out, "[" + rule + "]");
}

// The .py files (last path component) named by every finding of a JSON report.
std::set<std::string> finding_files(const nlohmann::json& report) {
  std::set<std::string> files;
  for (const auto& m : report["migrations"]) {
    for (const auto& f : m["findings"])
      files.insert(f["location"]["file"].get<std::string>());
    for (const auto& s : m["scripts"])
      for (const auto& st : s["statements"])
        for (const auto& f : st["findings"])
          files.insert(f["location"]["file"].get<std::string>());
  }
  std::set<std::string> names;
  for (const auto& f : files)
    names.insert(f.substr(f.rfind('/') + 1));
  return names;
}

TEST(AlembicCliLint, FindingsPointAtTheRevisionFileAndLine) {
  CliRun run = run_pgdrydock({"lint", "--alembic", project_ini(), "--format", "gcc"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  auto cic = gcc_findings(run, "concurrent-index-in-transaction");
  ASSERT_EQ(cic.size(), 1u) << run.out;
  EXPECT_NE(cic[0].find("migrations/versions/002_initial_indexes.py:19:"), std::string::npos)
      << cic[0];
  auto mixed = gcc_findings(run, "alembic-mixed-data-migration");
  // 005's upgrade cannot render, but its downgrade (a backfill under the column's lock) is
  // linted since issue 13.
  ASSERT_EQ(mixed.size(), 2u) << run.out;
  EXPECT_NE(mixed[0].find("005_migrate_user_roles.py:52:"), std::string::npos) << mixed[0];
  EXPECT_NE(mixed[1].find("006_add_email_verification.py:23:"), std::string::npos) << mixed[1];
  auto irreversible = gcc_findings(run, "alembic-irreversible-downgrade");
  ASSERT_EQ(irreversible.size(), 1u) << run.out;
  EXPECT_NE(irreversible[0].find("009_drop_is_admin.py:20:"), std::string::npos);
  // The revision that reads rows is named on stderr with its Python error; lint goes on.
  auto offline = lines_with(run.err, "005_migrate_user_roles.py");
  ASSERT_EQ(offline.size(), 1u) << run.err;
  EXPECT_NE(offline[0].find("cannot render offline"), std::string::npos);
  EXPECT_NE(offline[0].find("op.get_bind()"), std::string::npos);
}

TEST(AlembicCliLint, TheJsonReportShowsTheRenderedSqlAtPythonLocations) {
  CliRun run = run_pgdrydock({"lint", "--alembic", project_ini(), "--format", "json"});
  nlohmann::json report = run.json();
  ASSERT_FALSE(report.is_discarded()) << run.out << run.err;
  ASSERT_EQ(report["migrations"].size(),
            9u); // 005 too: its upgrade cannot render, its downgrade is read
  bool seen = false;
  for (const auto& m : report["migrations"]) {
    EXPECT_EQ(m["layout"], "alembic");
    if (m["version"] != "002_initial_indexes")
      continue;
    for (const auto& st : m["scripts"][0]["statements"])
      if (st["text"].get<std::string>().rfind("CREATE INDEX CONCURRENTLY", 0) == 0) {
        seen = true;
        EXPECT_EQ(st["location"]["line"], 19);
        EXPECT_TRUE(st["location"]["file"].get<std::string>().ends_with("002_initial_indexes.py"));
      }
  }
  EXPECT_TRUE(seen);
  ASSERT_EQ(report["skipped"].size(), 1u);
  EXPECT_NE(report["skipped"][0]["reason"].get<std::string>().find("get_bind"), std::string::npos);
}

TEST(AlembicCliLint, AFolderHoldingAlembicIniIsDetected) {
  CliRun explicit_ini = run_pgdrydock({"lint", "--alembic", project_ini(), "--format", "gcc"});
  CliRun detected = run_pgdrydock({"lint", fixture_dir("alembic_project"), "--format", "gcc"});
  EXPECT_EQ(detected.exit_code, 1) << detected.err;
  EXPECT_EQ(detected.out, explicit_ini.out);
  EXPECT_FALSE(gcc_findings(detected, "alembic-irreversible-downgrade").empty());

  // `pgdrydock lint .` from inside the project.
  CliRun dot = run_pgdrydock({"lint", ".", "--format", "json"}, {}, fixture_dir("alembic_project"));
  nlohmann::json report = dot.json();
  ASSERT_FALSE(report.is_discarded()) << dot.err;
  EXPECT_EQ(report["migrations"].size(),
            9u); // 005 too: its upgrade cannot render, its downgrade is read
  EXPECT_EQ(report["migrations"][0]["layout"], "alembic");
}

TEST(AlembicCliLint, AnExplicitSqlLayoutTurnsDetectionOff) {
  CliRun run = run_pgdrydock(
      {"lint", fixture_dir("alembic_project"), "--layout", "plain", "--format", "json"});
  nlohmann::json report = run.json();
  ASSERT_FALSE(report.is_discarded()) << run.err;
  for (const auto& m : report["migrations"])
    EXPECT_NE(m["layout"], "alembic");
}

TEST(AlembicCliLint, PreCommitFileNamesSelectTheirRevisionsOnly) {
  CliRun run = run_pgdrydock({"lint", "--alembic", project_ini(), "--format", "json",
                              revision_file("006_add_email_verification.py"),
                              revision_file("009_drop_is_admin.py")});
  nlohmann::json report = run.json();
  ASSERT_FALSE(report.is_discarded()) << run.err;
  std::vector<std::string> versions;
  for (const auto& m : report["migrations"])
    versions.push_back(m["version"]);
  EXPECT_EQ(versions,
            (std::vector<std::string>{"006_add_email_verification", "009_drop_is_admin"}));
  EXPECT_EQ(finding_files(report),
            (std::set<std::string>{"006_add_email_verification.py", "009_drop_is_admin.py"}));
  EXPECT_EQ(run.exit_code, 1);
}

TEST(AlembicCliLint, ChangedFilesThatCannotHoldRevisionsRenderNothing) {
  // pre-commit without a `files:` filter passes whatever changed.
  CliRun run = run_pgdrydock({"lint", "--alembic", project_ini(), "--format", "json",
                              fixture_dir("alembic_project") + "/alembic.ini"});
  nlohmann::json report = run.json();
  ASSERT_FALSE(report.is_discarded()) << run.err;
  EXPECT_TRUE(report["migrations"].empty());
  EXPECT_EQ(run.exit_code, 0) << run.err;

  CliRun missing =
      run_pgdrydock({"lint", "--alembic", project_ini(), revision_file("010_does_not_exist.py")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("010_does_not_exist.py: error: no such file"), std::string::npos)
      << missing.err;
}

// --changed with --alembic: every revision renders (the history builds the schema), only the
// named one is reported.
TEST(AlembicCliLint, ChangedRevisionIsLintedAgainstTheHistory) {
  CliRun run = run_pgdrydock({"lint", "--alembic", project_ini(), "--format", "json", "--changed",
                              revision_file("006_add_email_verification.py")});
  nlohmann::json report = run.json();
  ASSERT_FALSE(report.is_discarded()) << run.err;
  ASSERT_EQ(report["migrations"].size(), 1u) << run.out;
  EXPECT_EQ(finding_files(report), std::set<std::string>{"006_add_email_verification.py"});
  // The same run in the format pre-commit shows: the revision's error fails the hook.
  CliRun gcc = run_pgdrydock({"lint", "--alembic", project_ini(), "--format", "gcc", "--changed",
                              revision_file("006_add_email_verification.py")});
  EXPECT_EQ(gcc_findings(gcc, "setting-not-null").size(), 1u) << gcc.out;
  EXPECT_EQ(gcc.exit_code, 1) << gcc.err;

  CliRun outside = run_pgdrydock({"lint", "--alembic", project_ini(), "--changed",
                                  fixture_dir("alembic_project") + "/alembic.ini"});
  EXPECT_EQ(outside.exit_code, 2) << outside.out;
  EXPECT_NE(outside.err.find("not a migration of the history"), std::string::npos) << outside.err;
}

TEST(AlembicCliLint, FromAndToSelectARange) {
  CliRun run =
      run_pgdrydock({"lint", "--alembic", project_ini(), "--from", "006_add_email_verification",
                     "--to", "008_add_documents_index", "--format", "json"});
  nlohmann::json report = run.json();
  ASSERT_FALSE(report.is_discarded()) << run.err;
  std::vector<std::string> versions;
  for (const auto& m : report["migrations"])
    versions.push_back(m["version"]);
  EXPECT_EQ(versions,
            (std::vector<std::string>{"007_add_user_preferences", "008_add_documents_index"}));
}

TEST(AlembicCliLint, ABrokenEnvPyIsOneClearErrorAndExitTwo) {
  const std::string ini = fixture_dir("alembic_broken_env") + "/alembic.ini";
  ASSERT_EQ(std::getenv("DATABASE_URL"), nullptr) << "the test needs DATABASE_URL unset";
  CliRun run = run_pgdrydock({"lint", "--alembic", ini});
  EXPECT_EQ(run.exit_code, 2);
  auto errors = lines_with(run.err, "error:");
  ASSERT_EQ(errors.size(), 1u) << run.err;
  EXPECT_NE(errors[0].find("migrations/env.py:6:"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("env.py failed: KeyError: 'DATABASE_URL'"), std::string::npos)
      << errors[0];
}

TEST(AlembicCliLint, AlembicEnvGivesEnvPyItsSettings) {
  const std::string ini = fixture_dir("alembic_broken_env") + "/alembic.ini";
  CliRun run = run_pgdrydock({"lint", "--alembic", ini, "--alembic-env",
                              "DATABASE_URL=postgresql://ci@db/app", "--format", "json"});
  EXPECT_NE(run.exit_code, 2) << run.err;
  nlohmann::json report = run.json();
  ASSERT_FALSE(report.is_discarded()) << run.err;
  ASSERT_EQ(report["migrations"].size(), 1u);
  EXPECT_EQ(report["migrations"][0]["version"], "e1");

  CliRun bad = run_pgdrydock({"lint", "--alembic", ini, "--alembic-env", "DATABASE_URL"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("KEY=VALUE"), std::string::npos) << bad.err;
}

TEST(AlembicCliLint, RepeatedXArgumentsReachEnvPyAndLeaveThePathsAlone) {
  const std::string dir = fixture_dir("alembic_x_args");
  const std::string revision = dir + "/migrations/versions/x1_events.py";
  // Each -x takes one value: the revision file after them is still a path.
  CliRun run =
      run_pgdrydock({"lint", "--alembic", dir + "/alembic.ini", "-x", "url=postgresql://ci@db/app",
                     "-x", "schema=audit", revision, "--format", "json"},
                    {"APP_ENV=ci"});
  nlohmann::json report = run.json();
  ASSERT_FALSE(report.is_discarded()) << run.err;
  ASSERT_EQ(report["migrations"].size(), 1u) << run.err;
  EXPECT_EQ(report["migrations"][0]["version"], "x1");

  CliRun without =
      run_pgdrydock({"lint", "--alembic", dir + "/alembic.ini", "-x", "url=postgresql://ci@db/app"},
                    {"APP_ENV=ci"});
  EXPECT_EQ(without.exit_code, 2);
  EXPECT_NE(without.err.find("pass -x url=postgresql://... -x schema=NAME"), std::string::npos)
      << without.err;
}

TEST(AlembicCliLint, SeveralHeadsAreAWarningNamingThem) {
  CliRun run = run_pgdrydock(
      {"lint", "--alembic", fixture_dir("alembic_two_heads") + "/alembic.ini", "--format", "json"});
  EXPECT_NE(run.exit_code, 2) << run.err;
  auto heads = lines_with(run.err, "heads");
  ASSERT_EQ(heads.size(), 1u) << run.err;
  EXPECT_EQ(heads[0].rfind("pgdrydock: warning: " + fixture_dir("alembic_two_heads") +
                               "/alembic.ini: the revision graph has 2 heads",
                           0),
            0u)
      << heads[0];
  EXPECT_NE(heads[0].find("left002"), std::string::npos) << heads[0];
  EXPECT_NE(heads[0].find("right002"), std::string::npos) << heads[0];
}

TEST(AlembicCliLint, MistakesInNamingTheProjectExitTwo) {
  CliRun missing = run_pgdrydock({"lint", "--alembic", "/nonexistent/alembic.ini"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("/nonexistent/alembic.ini: error: no such Alembic configuration "
                             "file"),
            std::string::npos)
      << missing.err;

  CliRun nothing = run_pgdrydock({"lint"});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_NE(nothing.err.find("--alembic alembic.ini"), std::string::npos) << nothing.err;

  CliRun stray = run_pgdrydock({"lint", fixture_dir("layouts") + "/dbmate", "--from", "abc"});
  EXPECT_EQ(stray.exit_code, 2);
  EXPECT_NE(stray.err.find("apply to Alembic projects"), std::string::npos) << stray.err;

  CliRun no_python =
      run_pgdrydock({"lint", "--alembic", project_ini(), "--python", "/nonexistent/python3"});
  EXPECT_EQ(no_python.exit_code, 2);
  EXPECT_NE(no_python.err.find("/nonexistent/python3"), std::string::npos) << no_python.err;
  EXPECT_NE(no_python.err.find("--python"), std::string::npos) << no_python.err;
}

} // namespace
} // namespace pgdrydock::alembic_test
