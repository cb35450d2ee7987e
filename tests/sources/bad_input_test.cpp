// Bad input becomes one Error naming the file (and line where known); the other files of
// the run are still loaded.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "lint/migration.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock {
namespace {

using testing::TempFolder;

const Error* error_for(const MigrationSet& set, const std::string& file_suffix) {
  for (const auto& e : set.errors)
    if (e.file.ends_with(file_suffix))
      return &e;
  return nullptr;
}

TEST(BadInput, MissingPathIsAnErrorAndOtherPathsStillLoad) {
  TempFolder t;
  std::string good = t.write("good.sql", "SELECT 1;\n");
  MigrationSet set = load_migrations({t.str() + "/missing.sql", good}, {});
  ASSERT_EQ(set.errors.size(), 1u);
  EXPECT_EQ(set.errors[0].file, t.str() + "/missing.sql");
  EXPECT_NE(set.errors[0].message.find("no such file"), std::string::npos);
  ASSERT_EQ(set.migrations.size(), 1u);
  EXPECT_EQ(set.migrations[0].up.file->path(), good);
}

TEST(BadInput, FolderWhereAFileIsExpected) {
  TempFolder t;
  t.write("1_a.up.sql/placeholder.txt", "not SQL");
  t.write("2_b.up.sql", "SELECT 2;\n");
  MigrationSet set = load_migrations({t.str()}, {});
  const Error* e = error_for(set, "1_a.up.sql");
  ASSERT_NE(e, nullptr);
  EXPECT_NE(e->message.find("is a folder"), std::string::npos);
  ASSERT_EQ(set.migrations.size(), 1u);
  EXPECT_EQ(set.migrations[0].version, "2");
}

TEST(BadInput, FifoIsRefusedWithoutBlocking) {
  TempFolder t;
  std::string fifo = (t.path() / "1_wait.up.sql").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  t.write("2_b.up.sql", "SELECT 2;\n");
  MigrationSet set = load_migrations({t.str()}, {});
  const Error* e = error_for(set, "1_wait.up.sql");
  ASSERT_NE(e, nullptr);
  EXPECT_NE(e->message.find("FIFO"), std::string::npos);
  EXPECT_EQ(set.migrations.size(), 1u);
}

TEST(BadInput, UnreadableFileForAnUnprivilegedUser) {
  // Root reads everything, so the check runs in a child that drops to `nobody`.
  TempFolder t;
  std::string secret = t.write("secret.sql", "SELECT 1;\n");
  ASSERT_EQ(::chmod(secret.c_str(), 0), 0);
  ASSERT_EQ(::chmod(t.str().c_str(), 0755), 0);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0))
      ::_exit(3);
    MigrationSet set = load_migrations({secret}, {});
    std::string report =
        set.errors.empty() ? "no error" : set.errors[0].file + "|" + set.errors[0].message;
    report += "|" + std::to_string(set.migrations.size());
    if (::write(fds[1], report.data(), report.size()) < 0)
      ::_exit(4);
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string report;
  char buf[512];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;)
    report.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(report, secret + "|cannot open: Permission denied|0");
}

TEST(BadInput, FolderWithoutMigrations) {
  TempFolder t;
  t.write("notes.txt", "nothing to see\n");
  MigrationSet set = load_migrations({t.str()}, {});
  ASSERT_EQ(set.errors.size(), 1u);
  EXPECT_EQ(set.errors[0].file, t.str());
  EXPECT_NE(set.errors[0].message.find("no SQL migrations found"), std::string::npos);
}

TEST(BadInput, FolderOfGoMigrationsOnlyListsThemAndSaysSo) {
  TempFolder t;
  t.write("1_a.up.go", "package m\n");
  t.write("2_b.go", "package m\n");
  MigrationSet set = load_migrations({t.str()}, {});
  EXPECT_EQ(set.skipped.size(), 2u);
  ASSERT_EQ(set.errors.size(), 1u);
  EXPECT_NE(set.errors[0].message.find("no SQL migrations found"), std::string::npos);
}

TEST(BadInput, NulByteReportsItsLine) {
  TempFolder t;
  std::string bin = t.write("1_bin.up.sql", std::string("SELECT 1;\nSELECT 2;\nab\0cd", 24));
  t.write("2_ok.up.sql", "SELECT 2;\n");
  MigrationSet set = load_migrations({t.str()}, {});
  const Error* e = error_for(set, "1_bin.up.sql");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->file, bin);
  EXPECT_EQ(e->line, 3);
  EXPECT_EQ(e->column, 3);
  EXPECT_NE(e->message.find("NUL byte"), std::string::npos);
  ASSERT_EQ(set.migrations.size(), 1u);
  EXPECT_EQ(set.migrations[0].version, "2");
}

TEST(BadInput, BinaryGarbageIsRefused) {
  TempFolder t;
  std::string garbage;
  for (int i = 0; i < 4096; ++i)
    garbage += static_cast<char>((i * 131 + 7) & 0xFF);
  std::string path = t.write("garbage.sql", garbage);
  MigrationSet set = load_migrations({path}, {});
  ASSERT_EQ(set.errors.size(), 1u);
  EXPECT_EQ(set.errors[0].file, path);
  EXPECT_GE(set.errors[0].line, 1);
  EXPECT_TRUE(set.migrations.empty());
}

TEST(BadInput, InvalidUtf8ReportsLineAndColumnOfTheFirstBadByte) {
  TempFolder t;
  // Line 2: "é" is two bytes but one column; then a Latin-1 0xE9 that is not UTF-8.
  std::string path = t.write("latin1.sql", "SELECT 1;\nSELECT 'é', 'caf\xE9';\n");
  MigrationSet set = load_migrations({path}, {});
  ASSERT_EQ(set.errors.size(), 1u);
  EXPECT_EQ(set.errors[0].line, 2);
  EXPECT_EQ(set.errors[0].column, 17);
  EXPECT_NE(set.errors[0].message.find("0xE9"), std::string::npos);
}

TEST(BadInput, OverlongAndSurrogateEncodingsAreInvalid) {
  TempFolder t;
  std::string overlong = t.write("a.sql", "SELECT '\xC0\xAF';\n");
  std::string surrogate = t.write("b.sql", "SELECT '\xED\xA0\x80';\n");
  MigrationSet set = load_migrations({overlong, surrogate}, {});
  ASSERT_EQ(set.errors.size(), 2u);
  EXPECT_EQ(set.errors[0].column, 9);
  EXPECT_EQ(set.errors[1].column, 9);
}

// golang-migrate itself refuses a version used twice, but runners that read the same folders
// (concourse's) apply both: read both in name order, with a warning that names both files.
TEST(BadInput, SharedGolangVersionsWarnNamingBothFiles) {
  TempFolder t;
  std::string a = t.write("1_add_users.up.sql", "SELECT 1;\n");
  std::string b = t.write("001_add_teams.up.sql", "SELECT 2;\n");
  t.write("2_more.up.sql", "SELECT 3;\n");
  MigrationSet set = load_migrations({t.str()}, {});
  EXPECT_TRUE(set.errors.empty());
  ASSERT_EQ(set.warnings.size(), 1u);
  const Error& e = set.warnings[0];
  bool names_both = (e.file == a && e.message.find(b) != std::string::npos) ||
                    (e.file == b && e.message.find(a) != std::string::npos);
  EXPECT_TRUE(names_both) << e.file << ": " << e.message;
  EXPECT_NE(e.message.find("also used by"), std::string::npos);
  ASSERT_EQ(set.migrations.size(), 3u); // both are linted, in name order
  EXPECT_EQ(set.migrations[0].name, "add_teams");
  EXPECT_EQ(set.migrations[1].name, "add_users");
}

TEST(BadInput, DuplicateFlywayVersionsAfterNormalisation) {
  TempFolder t;
  t.write("V1_0__a.sql", "SELECT 1;\n");
  t.write("V1__b.sql", "SELECT 2;\n");
  MigrationSet set = load_migrations({t.str()}, {});
  ASSERT_EQ(set.errors.size(), 1u);
  EXPECT_NE(set.errors[0].message.find("duplicate version"), std::string::npos);
}

TEST(BadInput, DuplicateDbmateVersions) {
  TempFolder t;
  t.write("20240101_a.sql", "-- migrate:up\nSELECT 1;\n");
  t.write("20240101_b.sql", "-- migrate:up\nSELECT 2;\n");
  MigrationSet set = load_migrations({t.str()}, {});
  ASSERT_EQ(set.errors.size(), 1u);
  EXPECT_NE(set.errors[0].message.find("20240101_a.sql"), std::string::npos);
  EXPECT_TRUE(set.errors[0].file.ends_with("20240101_b.sql"));
}

TEST(BadInput, DbmateFileWithoutUpSection) {
  TempFolder t;
  t.write("20240101_a.sql", "-- migrate:up\nSELECT 1;\n");
  t.write("20240102_b.sql", "-- migrate:down\nSELECT 2;\n");
  MigrationSet set = load_migrations({t.str()}, {});
  const Error* e = error_for(set, "20240102_b.sql");
  ASSERT_NE(e, nullptr);
  EXPECT_NE(e->message.find("migrate:up"), std::string::npos);
  EXPECT_EQ(set.migrations.size(), 1u);
}

TEST(BadInput, DbmateStatementsOutsideSections) {
  TempFolder t;
  std::string f = t.write("20240101_a.sql", "-- header\nSELECT 0;\n-- migrate:up\nSELECT 1;\n");
  MigrationSet set = load_migrations({f}, {});
  ASSERT_EQ(set.errors.size(), 1u);
  EXPECT_EQ(set.errors[0].line, 2);
  EXPECT_EQ(set.migrations.size(), 1u);
}

TEST(BadInput, InvalidDieselMetadataToml) {
  TempFolder t;
  t.write("2020-01-01-000000_x/up.sql", "SELECT 1;\n");
  t.write("2020-01-01-000000_x/metadata.toml", "run_in_transaction = \n");
  MigrationSet set = load_migrations({t.str()}, {});
  const Error* e = error_for(set, "metadata.toml");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->line, 1);
  EXPECT_EQ(set.migrations.size(), 1u);
}

TEST(BadInput, DownWithoutUpIsListedAsSkipped) {
  TempFolder t;
  t.write("1_a.up.sql", "SELECT 1;\n");
  t.write("2_b.down.sql", "SELECT 2;\n");
  MigrationSet set = load_migrations({t.str()}, {});
  EXPECT_TRUE(set.errors.empty());
  ASSERT_EQ(set.skipped.size(), 1u);
  EXPECT_TRUE(set.skipped[0].path.ends_with("2_b.down.sql"));
  EXPECT_EQ(set.migrations.size(), 1u);
}

} // namespace
} // namespace pgdrydock
