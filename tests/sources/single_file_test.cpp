// Single files and stdin: what must just work (empty files, CRLF, a 50 MB file).
#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "lint/migration.h"
#include "lint/statement.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock {
namespace {

using testing::TempFolder;

// Runs load_migrations({"-"}) with stdin reading from `content`.
MigrationSet load_from_stdin(const std::string& content, const LoadOptions& options) {
  TempFolder t;
  std::string path = t.write("stdin.sql", content);
  int saved = ::dup(STDIN_FILENO);
  int fd = ::open(path.c_str(), O_RDONLY);
  ::dup2(fd, STDIN_FILENO);
  ::close(fd);
  MigrationSet set = load_migrations({"-"}, options);
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  return set;
}

TEST(SingleFile, PlainFileRunsAsPsqlWould) {
  TempFolder t;
  std::string path = t.write("0042_add_index.sql", "CREATE INDEX i ON t (c);\n");
  MigrationSet set = load_migrations({path}, {});
  ASSERT_TRUE(set.errors.empty());
  ASSERT_EQ(set.migrations.size(), 1u);
  const Migration& m = set.migrations[0];
  EXPECT_EQ(m.layout, Layout::SingleFile);
  EXPECT_EQ(m.runner, "psql");
  EXPECT_EQ(m.version, "0042_add_index");
  EXPECT_EQ(m.up.mode, TransactionMode::Autocommit);
  EXPECT_EQ(m.up.file->path(), path);
}

TEST(SingleFile, StdinUsesTheGivenDisplayName) {
  LoadOptions options;
  options.stdin_filepath = "db/x.sql";
  MigrationSet set = load_from_stdin("SELECT 1;\n", options);
  ASSERT_TRUE(set.errors.empty());
  ASSERT_EQ(set.migrations.size(), 1u);
  EXPECT_EQ(set.migrations[0].layout, Layout::Stdin);
  EXPECT_EQ(set.migrations[0].up.file->path(), "db/x.sql");
  EXPECT_EQ(set.migrations[0].up.text(), "SELECT 1;\n");
}

TEST(SingleFile, StdinDefaultNameAndNameBasedRunner) {
  MigrationSet set = load_from_stdin("SELECT 1;\n", {});
  ASSERT_EQ(set.migrations.size(), 1u);
  EXPECT_EQ(set.migrations[0].up.file->path(), "<stdin>");

  LoadOptions options;
  options.stdin_filepath = "migrations/7_x.up.sql";
  set = load_from_stdin("SELECT 1;\n", options);
  ASSERT_EQ(set.migrations.size(), 1u);
  EXPECT_EQ(set.migrations[0].up.mode, TransactionMode::ImplicitMulti);
  EXPECT_EQ(set.migrations[0].version, "7");
}

TEST(SingleFile, StdinWithInvalidUtf8NamesTheDisplayPath) {
  LoadOptions options;
  options.stdin_filepath = "x.sql";
  MigrationSet set = load_from_stdin("SELECT '\xFF';\n", options);
  ASSERT_EQ(set.errors.size(), 1u);
  EXPECT_EQ(set.errors[0].file, "x.sql");
  EXPECT_EQ(set.errors[0].column, 9);
}

TEST(SingleFile, EmptyAndCommentOnlyFilesAreMigrationsWithoutStatements) {
  TempFolder t;
  std::string empty = t.write("empty.sql", "");
  std::string comments = t.write("comments.sql", "-- nothing yet\n/* still nothing */\n");
  MigrationSet set = load_migrations({empty, comments}, {});
  ASSERT_TRUE(set.errors.empty());
  ASSERT_EQ(set.migrations.size(), 2u);
  for (const auto& m : set.migrations) {
    int statements = 0;
    for_each_statement(m.up.file, m.up.begin, m.up.end, [&](Statement&) { ++statements; });
    EXPECT_EQ(statements, 0);
  }
}

TEST(SingleFile, CrlfLineEndings) {
  TempFolder t;
  std::string path =
      t.write("crlf.sql", "-- migrate:up\r\nSELECT 1;\r\n\r\n-- migrate:down\r\nSELECT 2;\r\n");
  MigrationSet set = load_migrations({path}, {});
  ASSERT_TRUE(set.errors.empty());
  ASSERT_EQ(set.migrations.size(), 1u);
  const Migration& m = set.migrations[0];
  EXPECT_EQ(m.layout, Layout::Dbmate);
  ASSERT_TRUE(m.down.has_value());
  std::vector<SourceLocation> locations;
  for_each_statement(m.down->file, m.down->begin, m.down->end,
                     [&](Statement& s) { locations.push_back(s.location); });
  ASSERT_EQ(locations.size(), 1u);
  EXPECT_EQ(locations[0].line, 5);
  EXPECT_EQ(locations[0].column, 1);
}

TEST(SingleFile, ByteOrderMarkIsBlankedNotParsed) {
  TempFolder t;
  std::string path = t.write("bom.sql", "\xEF\xBB\xBFSELECT 1;\n");
  MigrationSet set = load_migrations({path}, {});
  ASSERT_TRUE(set.errors.empty());
  ASSERT_EQ(set.migrations.size(), 1u);
  EXPECT_EQ(set.migrations[0].up.text().substr(0, 4), "   S");
}

TEST(SingleFile, FiftyMegabyteFileIsLoadedOnceAndSplit) {
  TempFolder t;
  const std::string statement =
      "INSERT INTO events (id, payload) VALUES (1, '{\"k\": \"some value here\"}');\n";
  std::string content;
  content.reserve(50u << 20);
  std::size_t count = 0;
  while (content.size() + statement.size() <= (50u << 20)) {
    content += statement;
    ++count;
  }
  std::string path = t.write("big.sql", content);
  content.clear();
  content.shrink_to_fit();
  MigrationSet set = load_migrations({path}, {});
  ASSERT_TRUE(set.errors.empty());
  ASSERT_EQ(set.migrations.size(), 1u);
  const Script& up = set.migrations[0].up;
  EXPECT_EQ(up.end - up.begin, count * statement.size());
  std::size_t seen = 0;
  SourceLocation last;
  for_each_statement(up.file, up.begin, up.end, [&](Statement& s) {
    ++seen;
    last = s.location;
  });
  EXPECT_EQ(seen, count);
  EXPECT_EQ(last.line, static_cast<int>(count));
}

} // namespace
} // namespace pgdrydock
