// An installed pgdrydock finds its Alembic helper: `cmake --install` puts the executable in
// bin/ and render_revisions.py in share/pgdrydock/alembic/, and the lookup order is
// $PGDRYDOCK_ALEMBIC_HELPER, <exe dir>/../share/pgdrydock/alembic/, then the source tree.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "tests/alembic/run_cli.h"

namespace pgdrydock::alembic_test {
namespace {

namespace fs = std::filesystem;

// A helper that only says who it is, in the helper's output format.
void write_signing_helper(const fs::path& path, const std::string& name) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path);
  out << "import json\nprint(json.dumps({\"fatal\": {\"message\": \"helper " << name
      << " ran\", \"file\": None, \"line\": None}}))\n";
}

class InstalledLayout : public ::testing::Test {
protected:
  void SetUp() override {
    prefix_ = fs::temp_directory_path() / ("pgdrydock-install-test-" + std::to_string(getpid()));
    fs::remove_all(prefix_);
    // The build folder is the executable's folder (the top-level CMake binary dir).
    const std::string build_dir = fs::path(PGDRYDOCK_BINARY).parent_path().string();
    install_ = run_program("cmake", {"--install", build_dir, "--prefix", prefix_.string()});
  }
  void TearDown() override { fs::remove_all(prefix_); }

  fs::path prefix_;
  CliRun install_;
};

TEST_F(InstalledLayout, InstallsTheExecutableAndTheHelper) {
  ASSERT_EQ(install_.exit_code, 0) << install_.out << install_.err;
  EXPECT_TRUE(fs::is_regular_file(prefix_ / "bin" / "pgdrydock"));
  const fs::path helper = prefix_ / "share" / "pgdrydock" / "alembic" / "render_revisions.py";
  ASSERT_TRUE(fs::is_regular_file(helper));
  EXPECT_EQ(fs::file_size(helper),
            fs::file_size(fs::path(PGDRYDOCK_SOURCE_DIR) / "lint/alembic/render_revisions.py"));
  // The helper's own modules are installed beside it (it imports them from its folder).
  for (const fs::path& module :
       fs::directory_iterator(fs::path(PGDRYDOCK_SOURCE_DIR) / "lint/alembic"))
    if (module.extension() == ".py") {
      EXPECT_TRUE(fs::is_regular_file(helper.parent_path() / module.filename())) << module;
    }

  // The installed copy renders the fixture project on its own.
  CliRun run = run_program(
      (prefix_ / "bin" / "pgdrydock").string(),
      {"lint", "--alembic", fixture_dir("alembic_project") + "/alembic.ini", "--format", "json"});
  nlohmann::json report = run.json();
  ASSERT_FALSE(report.is_discarded()) << run.err;
  EXPECT_EQ(report["migrations"].size(),
            9u); // 005 too: its upgrade cannot render, its downgrade is read
}

TEST_F(InstalledLayout, TheHelperBesideTheExecutableWinsOverTheSourceTree) {
  ASSERT_EQ(install_.exit_code, 0) << install_.err;
  write_signing_helper(prefix_ / "share" / "pgdrydock" / "alembic" / "render_revisions.py",
                       "installed");
  const std::string exe = (prefix_ / "bin" / "pgdrydock").string();
  const std::string ini = fixture_dir("alembic_project") + "/alembic.ini";
  CliRun installed = run_program(exe, {"lint", "--alembic", ini});
  EXPECT_EQ(installed.exit_code, 2);
  EXPECT_NE(installed.err.find("helper installed ran"), std::string::npos) << installed.err;

  // The environment variable comes first.
  const fs::path chosen = prefix_ / "chosen" / "render_revisions.py";
  write_signing_helper(chosen, "chosen");
  CliRun overridden =
      run_program(exe, {"lint", "--alembic", ini}, {"PGDRYDOCK_ALEMBIC_HELPER=" + chosen.string()});
  EXPECT_EQ(overridden.exit_code, 2);
  EXPECT_NE(overridden.err.find("helper chosen ran"), std::string::npos) << overridden.err;
}

} // namespace
} // namespace pgdrydock::alembic_test
