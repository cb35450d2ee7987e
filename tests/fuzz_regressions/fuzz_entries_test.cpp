// The fuzz entries (tests/fuzz/entries/) in the normal sanitizer build: every curated seed goes
// through its entry without a failed property, and the seeds that are bad input end in the
// product's own error (never another exception). Crashes the campaigns found have their own
// tests beside this file, each feeding the crashing input through the same entry.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/fuzz/entries/config_entry.h"
#include "tests/fuzz/entries/dsn_entry.h"
#include "tests/fuzz/entries/folder_entry.h"
#include "tests/fuzz/entries/lint_entry.h"
#include "tests/fuzz/entries/stats_entry.h"

namespace pgdrydock::fuzz {
namespace {

const std::filesystem::path kSeeds =
    std::filesystem::path(PGDRYDOCK_SOURCE_DIR) / "tests/fuzz/seeds";

std::string seed(const std::string& relative) {
  std::ifstream in(kSeeds / relative, std::ios::binary);
  EXPECT_TRUE(in) << relative;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

TEST(FuzzEntries, HistoryInOneFileParsesAndRenders) {
  const LintRun run = lint_sql_file(seed("lint/mixed.sql"));
  EXPECT_FALSE(run.input_error);
  EXPECT_EQ(run.statements, 13u);
  EXPECT_EQ(run.syntax_errors, 0u);
  EXPECT_GE(run.findings, 3u); // index builds, NOT NULL, a type change
  EXPECT_FALSE(run.report.empty()) << run.format;
}

TEST(FuzzEntries, EveryLintSeedGoesThrough) {
  for (const auto& f : std::filesystem::directory_iterator(kSeeds / "lint"))
    EXPECT_NO_THROW(lint_sql_file(seed("lint/" + f.path().filename().string()))) << f.path();
}

TEST(FuzzEntries, FolderBlobsLoadEachLayout) {
  EXPECT_GE(load_folder_blob(seed("folder/golang.blob")), 2u); // the .go file skipped
  EXPECT_EQ(load_folder_blob(seed("folder/flyway.blob")), 3u);
  EXPECT_GE(load_folder_blob(seed("folder/diesel.blob")), 2u); // the symlink loop is an error
  EXPECT_NO_THROW(load_folder_blob(seed("folder/dbmate.blob")));
}

TEST(FuzzEntries, BlobNamesStayInsideTheFolder) {
  const Blob blob = parse_blob("=== ../escape.sql\nx\n=== /abs.sql\ny\n=== a/b/c/d.sql\nz\n"
                               "=== ok.sql\nSELECT 1;\n=== l -> ../x\n");
  ASSERT_EQ(blob.entries.size(), 1u);
  EXPECT_EQ(blob.entries[0].name, "ok.sql");
  EXPECT_EQ(blob.entries[0].content, "SELECT 1;\n");
}

TEST(FuzzEntries, StatsSeeds) {
  EXPECT_TRUE(read_stats_file(seed("stats/full.json")));
  EXPECT_TRUE(read_stats_file(seed("stats/empty.json")));
  EXPECT_FALSE(read_stats_file(seed("stats/edges.json"))); // 1e400: refused, naming the key
}

TEST(FuzzEntries, ConfigSeeds) {
  EXPECT_TRUE(read_config_file(seed("config/full.toml")));
  EXPECT_FALSE(read_config_file(seed("config/bad.toml")));
  EXPECT_FALSE(read_config_file(seed("config/types.toml")));
}

TEST(FuzzEntries, DsnSeedsNeverShowThePassword) {
  EXPECT_TRUE(parse_and_redact_dsn(seed("dsn/uri")));
  EXPECT_TRUE(parse_and_redact_dsn(seed("dsn/keyword")));
  EXPECT_FALSE(parse_and_redact_dsn(seed("dsn/bad_escape")));       // S3cret%zz
  EXPECT_FALSE(parse_and_redact_dsn(seed("dsn/unclosed_bracket"))); // Hunter22
  for (const char* name : {"multi_host", "quoted", "socket"})
    EXPECT_NO_THROW(parse_and_redact_dsn(seed(std::string("dsn/") + name))) << name;
}

// The oracle itself: it must find the passwords it claims to check, or the target checks nothing.
TEST(FuzzEntries, OracleFindsWrittenPasswords) {
  EXPECT_EQ(written_passwords("postgresql://alice:S3cret99@h/db"),
            std::vector<std::string>{"S3cret99"});
  EXPECT_EQ(written_passwords("postgres://h/db?sslmode=require&password=Pw123456"),
            std::vector<std::string>{"Pw123456"});
  EXPECT_EQ(written_passwords("host=h password=Tr0ub4dor dbname=d"),
            std::vector<std::string>{"Tr0ub4dor"});
  // Words of the message text are no secrets: "PostgreS" is in "a valid PostgreSQL ...".
  EXPECT_TRUE(written_passwords("postgres://bob:PostgreS@[::1]:5x/db").empty());
  // Before any '?', "&password=" is text of a host name, not a parameter.
  EXPECT_TRUE(written_passwords("postgresql://h%00&password=Othethxdb2&o4/db").empty());
}

} // namespace
} // namespace pgdrydock::fuzz
