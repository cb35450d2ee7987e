// The bundled examples (README's first command) load in their layouts and parse cleanly.
#include <gtest/gtest.h>

#include "lint/migration.h"
#include "lint/sql_parser.h"
#include "lint/statement.h"

namespace pgdrydock {
namespace {

std::string example(const std::string& name) {
  return std::string(PGDRYDOCK_SOURCE_DIR) + "/examples/" + name;
}

// Every statement of every script parses: the examples are valid PostgreSQL 15.
void expect_all_statements_parse(const MigrationSet& set) {
  ParseSession parser;
  for (const Migration& m : set.migrations) {
    std::vector<const Script*> scripts{&m.up};
    if (m.down)
      scripts.push_back(&*m.down);
    for (const Script* s : scripts) {
      int count = 0;
      for_each_statement(s->file, s->begin, s->end, [&](Statement& st) {
        ++count;
        EXPECT_FALSE(st.syntax_error.has_value()) << st.location.file << ":" << st.location.line;
        ParseResult parsed = parser.parse(st.text());
        EXPECT_TRUE(parsed.has_value())
            << st.location.file << ":" << st.location.line << ": " << parsed.error().message;
      });
      EXPECT_GT(count, 0) << s->file->path();
    }
  }
}

TEST(Examples, GolangMigrateExampleHasEightPairs) {
  MigrationSet set = load_migrations({example("golang-migrate")}, {});
  ASSERT_TRUE(set.errors.empty());
  EXPECT_TRUE(set.skipped.empty());
  ASSERT_EQ(set.migrations.size(), 8u);
  for (std::size_t i = 0; i < set.migrations.size(); ++i) {
    const Migration& m = set.migrations[i];
    EXPECT_EQ(m.version, std::to_string(i + 1));
    EXPECT_EQ(m.layout, Layout::GolangMigrate);
    EXPECT_EQ(m.up.mode, TransactionMode::ImplicitMulti);
    EXPECT_TRUE(m.down.has_value()) << m.name;
  }
  expect_all_statements_parse(set);
}

TEST(Examples, DbmateExampleSections) {
  MigrationSet set = load_migrations({example("dbmate")}, {});
  ASSERT_TRUE(set.errors.empty());
  ASSERT_EQ(set.migrations.size(), 3u);
  EXPECT_EQ(set.migrations[0].up.mode, TransactionMode::RunnerWrapped);
  EXPECT_EQ(set.migrations[2].up.mode, TransactionMode::ImplicitMulti);
  for (const Migration& m : set.migrations)
    EXPECT_TRUE(m.down.has_value());
  expect_all_statements_parse(set);
}

} // namespace
} // namespace pgdrydock
