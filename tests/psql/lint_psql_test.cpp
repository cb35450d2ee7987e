// pg_dump output and psql scripts lint as psql reads them: a real pg_dump 15 file (its COPY
// rows, \restrict lines) and a psql deploy script give only psql-meta-command
// warnings, and findings after a COPY block point at their own lines.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "lint/catalog/replay.h"
#include "lint/lint_driver.h"
#include "lint/rule.h"

namespace pgdrydock {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Migration single(const std::string& path, std::string content) {
  Migration m;
  m.version = "1";
  m.name = path;
  m.up.file = std::make_shared<const SourceFile>(path, std::move(content));
  m.up.end = m.up.file->content().size();
  return m;
}

struct Seen {
  std::vector<std::pair<std::string, int>> findings; // rule, line
  std::vector<std::string> kinds;
};
Seen lint(const Migration& m) {
  Seen seen;
  MigrationResult r = lint_migration(m, LintOptions{});
  for (const ScriptResult& s : r.scripts)
    for (const StatementResult& st : s.statements) {
      seen.kinds.push_back(st.kind);
      for (const Finding& f : st.findings)
        seen.findings.emplace_back(f.rule_id, f.location.line);
    }
  for (const Finding& f : r.findings)
    seen.findings.emplace_back(f.rule_id, f.location.line);
  return seen;
}

int count(const std::vector<std::string>& v, std::string_view what) {
  return static_cast<int>(std::count(v.begin(), v.end(), what));
}

TEST(LintPsql, RealPgDumpGivesOnlyMetaCommandWarnings) {
  std::string path = std::string(PGDRYDOCK_TEST_DIR) + "/fixtures/pg_dump_shopdb.sql";
  std::string content = read(path);
  ASSERT_NE(content.find("FROM stdin;"), std::string::npos);
  Seen seen = lint(single(path, content));
  // Lines of the meta-commands in the file, found independently of the splitter.
  std::vector<std::pair<std::string, int>> expected;
  int line = 1;
  bool in_data = false;
  for (std::size_t pos = 0; pos < content.size(); ++line) {
    std::size_t nl = content.find('\n', pos);
    std::string_view l = std::string_view(content).substr(pos, nl - pos);
    if (in_data)
      in_data = l != "\\.";
    else if (l.starts_with("COPY ") && l.ends_with("FROM stdin;"))
      in_data = true;
    else if (l.starts_with("\\"))
      expected.emplace_back("psql-meta-command", line);
    pos = nl == std::string::npos ? content.size() : nl + 1;
  }
  ASSERT_EQ(expected.size(), 2u); // \restrict, \unrestrict
  EXPECT_EQ(seen.findings, expected);
  EXPECT_EQ(count(seen.kinds, "CopyStmt"), 2);
  EXPECT_EQ(count(seen.kinds, "(psql meta-command)"), 2);
  EXPECT_EQ(count(seen.kinds, "CreateFunctionStmt"), 1);
}

TEST(LintPsql, PsqlScriptGivesOnlyMetaCommandWarnings) {
  std::string path = std::string(PGDRYDOCK_TEST_DIR) + "/fixtures/deploy_psql.sql";
  Seen seen = lint(single(path, read(path)));
  EXPECT_EQ(seen.findings, (std::vector<std::pair<std::string, int>>{{"psql-meta-command", 2},
                                                                     {"psql-meta-command", 3},
                                                                     {"psql-meta-command", 12},
                                                                     {"psql-meta-command", 14}}));
  EXPECT_EQ(count(seen.kinds, "CopyStmt"), 1);
}

TEST(LintPsql, FindingsAfterCopyDataKeepTheirLines) {
  std::string sql = "COPY orders (id, note) FROM stdin;\n";
  for (int i = 0; i < 1000; ++i)
    sql += std::to_string(i) + "\tnote ' ; $$ /* " + std::to_string(i) + "\n";
  sql += "\\.\n\nCREATE INDEX orders_note ON orders (note);\nSELEC 1;\n";
  Seen seen = lint(single("after_copy.sql", sql));
  const int index_line = 1 + 1000 + 1 + 2;
  auto has = [&](std::string_view rule, int at) {
    return std::find(seen.findings.begin(), seen.findings.end(),
                     std::pair<std::string, int>(rule, at)) != seen.findings.end();
  };
  EXPECT_TRUE(has("require-concurrent-index-creation", index_line));
  EXPECT_TRUE(has("syntax-error", index_line + 1));
  for (const auto& [rule, line] : seen.findings)
    EXPECT_GE(line, index_line) << rule << " inside the COPY block";
}

TEST(LintPsql, SchemaCanStartFromAFullPgDumpWithRows) {
  // --schema: the meta-commands are psql's and the COPY rows data, as in lint.
  Expected<Catalog> c =
      load_schema_dump(std::string(PGDRYDOCK_TEST_DIR) + "/fixtures/pg_dump_shopdb.sql");
  ASSERT_TRUE(c) << c.error().message;
  const CatalogTable* orders = c->table("shop.orders");
  ASSERT_NE(orders, nullptr);
  EXPECT_NE(orders->column("payload"), nullptr);
  EXPECT_NE(c->table("shop.customers"), nullptr);
}

} // namespace
} // namespace pgdrydock
