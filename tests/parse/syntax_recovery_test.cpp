// Through the lint driver: a statement that does not parse becomes one `syntax-error` finding at
// its location and the rest of the script is still linted.
#include <gtest/gtest.h>

#include "lint/lint_driver.h"
#include "tests/parse/migration_of.h"

namespace pgdrydock {
namespace {

using testing_parse::migration_of;

std::vector<const Finding*> syntax_errors(const MigrationResult& r) {
  std::vector<const Finding*> out;
  for (const auto& script : r.scripts)
    for (const auto& st : script.statements)
      for (const auto& f : st.findings)
        if (f.rule_id == "syntax-error")
          out.push_back(&f);
  return out;
}

TEST(SyntaxRecovery, ParseErrorInTheMiddleKeepsLinting) {
  MigrationResult r =
      lint_migration(migration_of("SELECT 1;\nSELECT 'é' FRM t;\nCREATE INDEX i ON t (c);\n"), {});
  ASSERT_EQ(r.scripts.size(), 1u);
  EXPECT_EQ(r.scripts[0].statement_count, 3);
  auto errors = syntax_errors(r);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]->location.file, "m.sql");
  EXPECT_EQ(errors[0]->location.line, 2);
  EXPECT_EQ(errors[0]->location.column, 16);
  ASSERT_EQ(r.scripts[0].statements.size(), 3u);
  EXPECT_EQ(r.scripts[0].statements[2].kind, "IndexStmt");
}

TEST(SyntaxRecovery, UnterminatedQuoteIsOneFindingAfterLintedStatements) {
  MigrationResult r =
      lint_migration(migration_of("CREATE TABLE t (c int);\nSELECT 'abc;\nSELECT 2;\n"), {});
  EXPECT_EQ(r.scripts[0].statement_count, 2);
  auto errors = syntax_errors(r);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]->location.line, 2);
  EXPECT_EQ(errors[0]->location.column, 8);
  EXPECT_EQ(r.scripts[0].statements[0].kind, "CreateStmt");
}

TEST(SyntaxRecovery, AbsurdNestingIsASyntaxErrorNotACrash) {
  std::string deep = "SELECT " + std::string(10000, '(') + "1" + std::string(10000, ')');
  MigrationResult r = lint_migration(migration_of("SELECT 1;\n" + deep + ";\nSELECT 3;\n"), {});
  EXPECT_EQ(r.scripts[0].statement_count, 3);
  auto errors = syntax_errors(r);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]->location.line, 2);
  EXPECT_NE(errors[0]->message.find("nested"), std::string::npos);
}

TEST(SyntaxRecovery, PlpgsqlAndDoBlocksLintCleanly) {
  MigrationResult r = lint_migration(migration_of(R"(CREATE FUNCTION f() RETURNS trigger AS $$
BEGIN
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DO $$ BEGIN CREATE TYPE mood AS ENUM ('ok'); EXCEPTION WHEN duplicate_object THEN null; END $$;
)"),
                                     {});
  EXPECT_EQ(r.scripts[0].statement_count, 2);
  EXPECT_TRUE(syntax_errors(r).empty());
}

} // namespace
} // namespace pgdrydock
