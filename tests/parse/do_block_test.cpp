// Through the lint driver with the real libpg_query: the statements a DO block runs are linted
// like top-level ones, on their own lines; dynamic EXECUTEs are reported once; a body PL/pgSQL
// rejects is a syntax-error; newer syntax on a 16+ target is unsupported-syntax.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lint/catalog/catalog.h"
#include "lint/catalog/replay.h"
#include "lint/lint_driver.h"
#include "lint/sql_parser.h"
#include "tests/parse/migration_of.h"

namespace pgdrydock {
namespace {

using testing_parse::migration_of;

struct Seen {
  std::string rule;
  int line = 0;
  int column = 0;
};

std::vector<Seen> findings(const std::string& sql, int pg_version = 15) {
  LintOptions options;
  options.pg_version = pg_version;
  options.threads = 1;
  MigrationResult r = lint_migration(migration_of(sql), options);
  std::vector<Seen> out;
  for (const auto& script : r.scripts)
    for (const auto& st : script.statements)
      for (const auto& f : st.findings)
        out.push_back({f.rule_id, f.location.line, f.location.column});
  return out;
}

int count(const std::vector<Seen>& seen, std::string_view rule, int line) {
  int n = 0;
  for (const Seen& s : seen)
    n += s.rule == rule && s.line == line;
  return n;
}

int count(const std::vector<Seen>& seen, std::string_view rule) {
  int n = 0;
  for (const Seen& s : seen)
    n += s.rule == rule;
  return n;
}

// The tables are not created here: a table created in the same migration is new and empty, and
// the lock rules leave it alone.
const char* const kBlock = R"sql(DO $$
DECLARE
  t text := 'accounts';
  r record;
BEGIN
  CREATE INDEX accounts_email ON accounts (email);
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'y') THEN
    BEGIN
      ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
    EXCEPTION WHEN others THEN
      RAISE NOTICE 'skipped';
      DROP INDEX old_accounts_email;
    END;
  END IF;
  FOR r IN SELECT 1 LOOP
    EXECUTE 'CREATE INDEX accounts_email2 ON accounts (email)';
  END LOOP;
  EXECUTE format('ALTER TABLE %I ADD COLUMN x int', t);
  PERFORM pg_sleep(0);
END
$$;
CREATE INDEX accounts_id2 ON accounts (id);
)sql";

TEST(DoBlock, StaticStatementsAreLintedOnTheirOwnLines) {
  std::vector<Seen> seen = findings(kBlock);
  // Line 6: a plain statement of the body; its column is where it is written.
  EXPECT_EQ(count(seen, "require-concurrent-index-creation", 6), 1);
  for (const Seen& s : seen) {
    if (s.rule == "require-concurrent-index-creation" && s.line == 6) {
      EXPECT_EQ(s.column, 3);
    }
  }
  EXPECT_EQ(count(seen, "setting-not-null", 9), 1); // inside IF and a nested block
  EXPECT_EQ(count(seen, "require-concurrent-index-deletion", 12), 1); // exception handler
  EXPECT_EQ(count(seen, "require-concurrent-index-creation", 16), 1); // EXECUTE 'constant'
  EXPECT_EQ(count(seen, "dynamic-sql", 18), 1);
  EXPECT_EQ(count(seen, "dynamic-sql"), 1);
  // After the block, top-level linting goes on.
  EXPECT_EQ(count(seen, "require-concurrent-index-creation", 22), 1);
  EXPECT_EQ(count(seen, "syntax-error"), 0);
}

TEST(DoBlock, StatementsInsideUpdateTheCatalog) {
  // A table created inside the DO block is new (empty) to the statements after it, as one
  // created at top level: an index on it is not flagged; one on an older table is.
  std::string sql = "DO $$ BEGIN CREATE TABLE made_in_do (id int); END $$;\n"
                    "CREATE INDEX m1 ON made_in_do (id);\n"
                    "CREATE INDEX o1 ON older (id);\n";
  std::vector<Seen> seen = findings(sql);
  EXPECT_EQ(count(seen, "require-concurrent-index-creation", 2), 0);
  EXPECT_EQ(count(seen, "require-concurrent-index-creation", 3), 1);
}

TEST(DoBlock, ReplayWithoutLintAppliesTheBlockToo) {
  // Migrations before the linted ones are only replayed: the same tables must come out.
  Migration m = migration_of("DO $$ BEGIN CREATE TABLE made_in_do (id int);\n"
                             "EXECUTE 'CREATE TABLE made_by_execute (id int)'; END $$;\n");
  Catalog catalog;
  ParseSession parser;
  replay_script(catalog, m.up, parser);
  EXPECT_NE(catalog.table("public.made_in_do"), nullptr);
  EXPECT_NE(catalog.table("public.made_by_execute"), nullptr);
  EXPECT_EQ(catalog.table("public.never_made"), nullptr);
}

TEST(DoBlock, IgnoreMarkersInsideTheBodyAndAboveTheBlock) {
  std::string sql = "DO $$\nBEGIN\n"
                    "  -- pgdrydock:ignore require-concurrent-index-creation small table\n"
                    "  CREATE INDEX a1 ON a (id);\n"
                    "  CREATE INDEX a2 ON a (id);\n"
                    "END $$;\n"
                    "-- pgdrydock:ignore all reviewed\n"
                    "DO $$ BEGIN CREATE INDEX a3 ON a (id); END $$;\n";
  std::vector<Seen> seen = findings(sql);
  EXPECT_EQ(count(seen, "require-concurrent-index-creation", 4), 0);
  EXPECT_EQ(count(seen, "require-concurrent-index-creation", 5), 1);
  EXPECT_EQ(count(seen, "require-concurrent-index-creation", 8), 0);
}

TEST(DoBlock, BodyThatPlpgsqlRejectsIsASyntaxErrorAndLintingGoesOn) {
  std::string sql = "DO $$\nBEGIN\n  ALTR TABLE t ADD COLUMN x int;\nEND $$;\n"
                    "CREATE INDEX b1 ON b (id);\n";
  std::vector<Seen> seen = findings(sql);
  ASSERT_EQ(count(seen, "syntax-error"), 1);
  EXPECT_EQ(count(seen, "syntax-error", 3), 1); // at the token PL/pgSQL names
  EXPECT_EQ(count(seen, "require-concurrent-index-creation", 5), 1);
}

TEST(DoBlock, EscapedAndOtherLanguageBodies) {
  // A single-quoted body with '' escapes: its statements keep their lines.
  std::string sql = "DO '\nBEGIN\n  UPDATE c SET s = ''x'';\n  CREATE INDEX c1 ON c (id);\nEND';\n"
                    "DO LANGUAGE plperl $$ CREATE INDEX c2 ON c (id); $$;\n";
  std::vector<Seen> seen = findings(sql);
  EXPECT_EQ(count(seen, "require-concurrent-index-creation", 4), 1);
  EXPECT_EQ(count(seen, "require-concurrent-index-creation", 6), 0);
  EXPECT_EQ(count(seen, "syntax-error"), 0);
}

TEST(DoBlock, ExecuteOfSeveralStatementsAndNestedDo) {
  std::string sql = "DO $$\nBEGIN\n"
                    "  EXECUTE 'CREATE INDEX d1 ON d (id); CREATE INDEX d2 ON d (id)';\n"
                    "  EXECUTE 'DO $x$ BEGIN CREATE INDEX d3 ON d (id); END $x$';\n"
                    "END $$;\n";
  std::vector<Seen> seen = findings(sql);
  EXPECT_EQ(count(seen, "require-concurrent-index-creation", 3), 2);
  EXPECT_EQ(count(seen, "require-concurrent-index-creation", 4), 1);
}

const char* const kNewer = "MERGE INTO accounts a USING (VALUES (1, 10)) AS v (id, amount)\n"
                           "  ON a.id = v.id WHEN MATCHED THEN UPDATE SET balance = v.amount\n"
                           "  RETURNING a.id;\n"
                           "CREATE INDEX accounts_balance ON accounts (balance);\n";

TEST(UnsupportedSyntax, NewerTargetWarnsAtTheFirstLineAndLintsTheRest) {
  std::vector<Seen> seen = findings(kNewer, 17);
  EXPECT_EQ(count(seen, "unsupported-syntax", 1), 1);
  EXPECT_EQ(count(seen, "syntax-error"), 0);
  EXPECT_EQ(count(seen, "require-concurrent-index-creation", 4), 1);
}

TEST(UnsupportedSyntax, Pg15TargetKeepsSyntaxErrorAndStillLintsTheRest) {
  std::vector<Seen> seen = findings(kNewer, 15);
  EXPECT_EQ(count(seen, "unsupported-syntax"), 0);
  EXPECT_EQ(count(seen, "syntax-error"), 1);
  EXPECT_EQ(count(seen, "require-concurrent-index-creation", 4), 1);
}

TEST(UnsupportedSyntax, ScannerErrorsStaySyntaxErrors) {
  std::vector<Seen> seen = findings("SELECT 1;\nSELECT 'open;\n", 17);
  EXPECT_EQ(count(seen, "unsupported-syntax"), 0);
  EXPECT_EQ(count(seen, "syntax-error"), 1);
}

} // namespace
} // namespace pgdrydock
