// A statement over --max-statement-size / [limits] max_statement_bytes (docs/errors.md): an
// error at the file and line where it starts, naming the limit, exit 2, the rest of the file
// and the other files still linted and reported, no crash; bad values of the option refused.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bad_input_support.h"

namespace pgdrydock::testing {
namespace {

// A file of three statements: the middle one, on line 3, is an INSERT of about `bytes` bytes.
std::string file_with_big_insert(std::size_t bytes) {
  std::string insert = "INSERT INTO t (a) VALUES (0)";
  for (int i = 1; insert.size() < bytes; ++i)
    insert += ", (" + std::to_string(i) + ")";
  return "CREATE TABLE t (a int);\n-- the big one\n" + insert + ";\nCREATE INDEX t_a ON t (a);\n";
}

struct LintRun {
  BadRun r;
  nlohmann::json report;
};

LintRun lint(const TempFolder& dir, std::vector<std::string> args) {
  TempFolder tmp;
  args.insert(args.begin(), "lint");
  args.insert(args.end(), {"--format", "json"});
  LintRun run{run_bad(args, dir.str(), tmp.str()), {}};
  EXPECT_EQ(run.r.signal, 0) << run.r.err;
  EXPECT_FALSE(sanitizer_report(run.r.err)) << run.r.err;
  expect_nothing_left(tmp);
  run.report = nlohmann::json::parse(run.r.out, nullptr, false);
  return run;
}

int statements_in(const nlohmann::json& report) {
  int n = 0;
  for (const auto& m : report["migrations"])
    for (const auto& s : m["scripts"])
      n += s["statement_count"].get<int>();
  return n;
}

TEST(StatementSize, A2MBStatementOverA1MBLimitInAFileBelowTheFileLimit) {
  TempFolder dir;
  dir.write("big.sql", file_with_big_insert(2 << 20));
  dir.write("ok.sql", "SELECT 1;\n");
  LintRun run = lint(dir, {"big.sql", "ok.sql", "--max-statement-size", "1MB"});
  EXPECT_EQ(run.r.exit_code, 2) << run.r.err;
  EXPECT_NE(run.r.err.find("big.sql:3:1: error: statement of "), std::string::npos)
      << run.r.err;
  EXPECT_NE(run.r.err.find("is larger than the statement limit of 1 MB (raise it with "
                           "--max-statement-size or [limits] max_statement_bytes)"),
            std::string::npos)
      << run.r.err;
  ASSERT_FALSE(run.report.is_discarded()) << "incomplete report: " << run.r.out.substr(0, 300);
  EXPECT_EQ(run.report["migrations"].size(), 2U);
  EXPECT_EQ(statements_in(run.report), 4); // both files, every statement, the refused one too
}

TEST(StatementSize, TheSameFileIsLintedUnderTheDefaultLimit) {
  TempFolder dir;
  dir.write("big.sql", file_with_big_insert(2 << 20));
  LintRun run = lint(dir, {"big.sql"});
  EXPECT_NE(run.r.exit_code, 2) << run.r.err;
  EXPECT_EQ(run.r.err.find("statement limit"), std::string::npos) << run.r.err;
  ASSERT_FALSE(run.report.is_discarded());
  EXPECT_EQ(statements_in(run.report), 3);
}

TEST(StatementSize, ABareNumberIsKilobytesAndTheLimitItselfIsAllowed) {
  TempFolder dir;
  const std::string at_limit = "SELECT 1" + std::string(2048 - 10, ' ') + "+1"; // 2048 bytes
  ASSERT_EQ(at_limit.size(), 2048U);
  dir.write("at.sql", at_limit + ";\n");
  dir.write("over.sql", at_limit + " ;\nSELECT 1" + std::string(2048, ' ') + "+ 1;\n");
  LintRun at = lint(dir, {"at.sql", "--max-statement-size", "2"});
  EXPECT_EQ(at.r.exit_code, 0) << at.r.err;
  LintRun over = lint(dir, {"over.sql", "--max-statement-size", "2"});
  EXPECT_EQ(over.r.exit_code, 2) << over.r.err;
  EXPECT_NE(over.r.err.find("over.sql:2:1:"), std::string::npos) << over.r.err;
  EXPECT_NE(over.r.err.find("statement limit of 2048 bytes"), std::string::npos) << over.r.err;
}

TEST(StatementSize, TheConfigSetsItAndTheCommandLineWins) {
  TempFolder dir;
  dir.write("big.sql", file_with_big_insert(4000));
  dir.write("c.toml", "[limits]\nmax_statement_bytes = 1000\n");
  LintRun config = lint(dir, {"big.sql", "--config", "c.toml"});
  EXPECT_EQ(config.r.exit_code, 2) << config.r.err;
  EXPECT_NE(config.r.err.find("big.sql:3:1:"), std::string::npos) << config.r.err;
  EXPECT_NE(config.r.err.find("statement limit of 1000 bytes"), std::string::npos) << config.r.err;
  LintRun wins = lint(dir, {"big.sql", "--config", "c.toml", "--max-statement-size", "1MB"});
  EXPECT_NE(wins.r.exit_code, 2) << wins.r.err;
}

TEST(StatementSize, BadValuesAreRefusedBeforeAnyReport) {
  TempFolder dir, tmp;
  dir.write("ok.sql", "SELECT 1;\n");
  dir.write("c.toml", "[limits]\nmax_statement_bytes = 0\n");
  BadRun option = run_bad({"lint", "ok.sql", "--max-statement-size", "lots"}, dir.str(), tmp.str());
  EXPECT_EQ(option.exit_code, 2) << option.err;
  EXPECT_NE(option.err.find("--max-statement-size: \"lots\" is not a size"), std::string::npos)
      << option.err;
  EXPECT_EQ(option.out, "");
  BadRun config = run_bad({"lint", "ok.sql", "--config", "c.toml"}, dir.str(), tmp.str());
  EXPECT_EQ(config.exit_code, 2) << config.err;
  EXPECT_NE(config.err.find("c.toml:2:"), std::string::npos) << config.err;
  EXPECT_NE(config.err.find("limits.max_statement_bytes must be a positive number of bytes"),
            std::string::npos)
      << config.err;
  EXPECT_EQ(config.out, "");
}

} // namespace
} // namespace pgdrydock::testing
