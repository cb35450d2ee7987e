// Every format on hostile input, through the real pipeline (sources, libpg_query, rules,
// renderers) and the real command: file names and contents carrying ill-formed UTF-8 (0xFF,
// the overlong C0 80, a lone surrogate), NUL, ESC sequences and CR; and 2 MB single-line
// statements. Each report is checked by real parsers (report_check.h) and for its size.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "lint/lint_driver.h"
#include "report_check.h"
#include "reports/report_format.h"
#include "tests/common/run_command.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock::test {
namespace {

using testing::TempFolder;
using namespace std::string_literals; // contents with NUL bytes

// Names and contents as bytes. Valid files reach the rules (findings under hostile names);
// the ill-formed ones reach the input-error path, whose messages quote the bytes.
const std::vector<std::pair<std::string, std::string>> kHostileFiles = {
    {"1_a\xFF.sql", "CREATE INDEX i1 ON t (c);\n"},
    {"2_b\xC0\x80.sql", "CREATE INDEX i2 ON t (c) WHERE c <> '\xFF';\n"},
    {"3_c\xED\xA0\x80.sql", "CREATE INDEX i3 ON t (c) WHERE c <> '\xED\xA0\x80 \0';\n"s},
    {"4_d\x1B[31m.sql", "CREATE INDEX i4 ON t (c) WHERE c <> '\x1B]0;pwned\x07\x1B[2J';\n"},
    {"5_e\r.sql", "CREATE INDEX i5 ON t (c)\r WHERE c <> '\x01\x0B\x0C\r\xC2\x9B';\n"},
    {"6_f\xEF\xBF\xBE.sql", "CREATE INDEX i6 ON t (c) WHERE c <> '\xEF\xBF\xBF\x7F';\n"},
};

std::string hostile_folder(const TempFolder& folder) {
  for (const auto& [name, body] : kHostileFiles)
    folder.write("m/" + name, body);
  return folder.str() + "/m";
}

LintResult lint_folder(const std::string& path) {
  MigrationSet set = load_migrations({path}, LoadOptions{});
  LintOptions options;
  options.threads = 1;
  return lint_migrations(set, options);
}

std::string render(const std::string& format, const LintResult& result, bool color = false) {
  std::ostringstream out;
  find_renderer(format)->render(result, RenderOptions{color, true}, out);
  return out.str();
}

TEST(HostileInput, EveryFormatIsValidOnHostileNamesAndContents) {
  TempFolder folder;
  const LintResult result = lint_folder(hostile_folder(folder));
  ASSERT_GE(all_findings(result).size(), 4u) << "the valid files must reach the rules";
  ASSERT_GE(result.errors.size(), 2u) << "the ill-formed contents must reach the error path";
  for (const auto& format : all_report_formats()) {
    const std::string report = render(format, result);
    EXPECT_EQ(report_problem(format, report), "") << report;
  }
}

// With colour on the final pass keeps ESC for the text report's own codes: the input's ESC
// sequences (a window title, a screen clear) must still not reach the terminal.
TEST(HostileInput, ColouredTextCarriesOnlyItsOwnEscapes) {
  TempFolder folder;
  const LintResult result = lint_folder(hostile_folder(folder));
  const std::string report = render("text", result, true);
  EXPECT_NE(report.find("\x1B[1;31m"), std::string::npos) << "colour is on";
  for (std::size_t at = report.find('\x1B'); at != std::string::npos;
       at = report.find('\x1B', at + 1)) {
    const std::size_t end = report.find('m', at);
    ASSERT_NE(end, std::string::npos);
    EXPECT_EQ(report.substr(at + 1, end - at - 1).find_first_not_of("[0123456789;"),
              std::string::npos)
        << "not one of our colour codes at " << at << ": " << report.substr(at, 12);
  }
  EXPECT_EQ(report.find("pwned\x07"), std::string::npos);
}

// The real command: what a CI job gets on stdout, for every format.
TEST(HostileInput, TheCommandPrintsValidReportsInEveryFormat) {
  TempFolder folder;
  const std::string path = hostile_folder(folder);
  for (const auto& format : all_report_formats()) {
    CapturedRun run = run_captured({PGDRYDOCK_BINARY, "lint", path, "--format", format});
    EXPECT_EQ(run.exit_code, 2) << format << ": ill-formed files are input errors\n" << run.err;
    EXPECT_EQ(report_problem(format, run.out), "") << run.out;
  }
}

// 2 MB statements on one line, of two-byte characters so that a cut between bytes would show
// as ill-formed UTF-8: the first finding at the start, the second 2 MB into the line.
std::string long_statements_folder(const TempFolder& folder) {
  std::string wide;
  for (int i = 0; i < 1'000'000; ++i)
    wide += "\xC3\xA9"; // é
  folder.write("m/1_index.sql", "CREATE INDEX i ON t (c) WHERE c <> '" + wide + "';\n");
  folder.write("m/2_two.sql", "UPDATE t SET a = '" + wide +
                                  "'; ALTER TABLE t ALTER COLUMN c TYPE " +
                                  "bigint USING c::text || '" + wide + "';\n");
  return folder.str() + "/m";
}

TEST(LongStatement, EveryFormatStaysBoundedAndValid) {
  TempFolder folder;
  const LintResult result = lint_folder(long_statements_folder(folder));
  ASSERT_GE(all_findings(result).size(), 3u);
  for (const auto& format : all_report_formats()) {
    const std::string report = render(format, result);
    // Each finding shows at most a few snippets and its bounded message and recipe.
    EXPECT_LT(report.size(), 16'000u * all_findings(result).size()) << format;
    EXPECT_EQ(report_problem(format, report), "") << format;
  }
}

TEST(LongStatement, TheTextReportShowsTheFindingsStatementCut) {
  TempFolder folder;
  const LintResult result = lint_folder(long_statements_folder(folder));
  const std::string report = render("text", result);
  // The second statement of the line starts 2 MB in: its finding's line shows that statement.
  const std::size_t header = report.find("2_two.sql:1:1000022: ");
  ASSERT_NE(header, std::string::npos) << report.substr(0, 4000);
  const std::size_t line = report.find("    1 | ALTER TABLE t ALTER COLUMN c TYPE bigint", header);
  ASSERT_NE(line, std::string::npos) << report.substr(header, 2000);
  const std::string shown = report.substr(line + 8, report.find('\n', line) - line - 8);
  EXPECT_EQ(shown.substr(shown.size() - 3), "\xE2\x80\xA6") << "cut with an ellipsis";
  std::size_t characters = 0;
  for (char c : shown)
    characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  EXPECT_EQ(characters, 200u);
}

} // namespace
} // namespace pgdrydock::test
