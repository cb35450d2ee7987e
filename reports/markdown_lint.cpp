#include "reports/markdown_lint.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "reports/simulation_renderers.h"
#include "reports/snippet.h"

namespace pgdrydock {
namespace {

struct Row {
  const Finding* finding;
  const StatementResult* statement; // null for a migration-level finding
};

// Text inside a table cell: one line, pipes and backticks made harmless.
std::string cell(std::string_view text, std::size_t limit) {
  std::string out;
  for (char c : snippet(text, 0, limit)) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r' || c == '`')
      out += ' ';
    else
      out += c;
  }
  return out;
}

const char* badge(Severity s) {
  switch (s) {
  case Severity::Error:
    return ":x: error";
  case Severity::Warning:
    return ":warning: warning";
  case Severity::Info:
    return ":information_source: info";
  }
  return "";
}

// A fenced block whose fence is longer than any backtick run inside (a recipe may hold one).
std::string fenced(std::string_view text, std::string_view language) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  return fmt::format("{}{}\n{}\n{}\n", fence, language, text, fence);
}

std::string plural(int n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

} // namespace

void write_lint_markdown(const LintResult& result, std::ostream& out) {
  std::vector<Row> rows;
  for (const auto& m : result.migrations) {
    for (const auto& s : m.scripts)
      for (const auto& st : s.statements)
        for (const auto& f : st.findings)
          rows.push_back({&f, &st});
    for (const auto& f : m.findings)
      rows.push_back({&f, nullptr});
  }
  const Summary& s = result.summary;
  std::string text = "## pgdrydock lint\n\n";
  text +=
      fmt::format("**{}, {}, {}** in {} ({}, {})", plural(s.errors, "error"),
                  plural(s.warnings, "warning"), plural(s.infos, "info"), plural(s.files, "file"),
                  plural(s.migrations, "migration"), plural(s.statements, "statement"));
  if (s.suppressed_by_baseline > 0)
    text +=
        fmt::format("; {} suppressed by the baseline", plural(s.suppressed_by_baseline, "finding"));
  text += "\n\n";
  for (const Error& e : result.errors)
    text += fmt::format("- :no_entry: input error: `{}`\n", cell(format_error(e), kMessageChars));
  if (!result.errors.empty())
    text += '\n';
  if (rows.empty()) {
    if (result.errors.empty())
      text += ":white_check_mark: No findings.\n";
    out << text;
    return;
  }

  // Room is kept for the closing note so the whole text never passes the limit.
  const std::size_t budget = kMarkdownCommentLimit - 400;
  std::string table = "| severity | rule | where | statement |\n|---|---|---|---|\n";
  std::size_t shown_rows = 0;
  for (const Row& r : rows) {
    const Finding& f = *r.finding;
    std::string line = fmt::format("| {} | `{}` | `{}:{}` | {} |\n", badge(f.severity), f.rule_id,
                                   cell(f.location.file, 120), f.location.line,
                                   r.statement ? fmt::format("`{}`", cell(r.statement->text, 80))
                                               : std::string("(migration)"));
    if (text.size() + table.size() + line.size() > budget)
      break;
    table += line;
    ++shown_rows;
  }
  text += table + '\n';

  std::size_t shown_details = 0;
  for (std::size_t i = 0; i < shown_rows; ++i) {
    const Finding& f = *rows[i].finding;
    std::string block = fmt::format("<details><summary><code>{}:{}</code> {}</summary>\n\n{}\n\n",
                                    cell(f.location.file, 120), f.location.line, f.rule_id,
                                    cell(shown_message(f.message), kMessageChars));
    if (!f.recipe.empty())
      block += "Safe alternative:\n\n" + fenced(shown_recipe(f.recipe), "") + '\n';
    block += "</details>\n\n";
    if (text.size() + block.size() > budget)
      break;
    text += block;
    ++shown_details;
  }
  if (shown_rows < rows.size() || shown_details < rows.size())
    text +=
        fmt::format("_{} of {} findings listed, {} with details: the full report is longer than a "
                    "comment can hold (`pgdrydock lint --format text` shows all of it)._\n",
                    shown_rows, rows.size(), shown_details);
  out << text;
}

} // namespace pgdrydock
