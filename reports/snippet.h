// The one way a report shows text it did not write (a statement, a message, a recipe): never
// all of a 2 MB statement, always the part the finding is about, cut between characters.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "lint/lint_result.h"

namespace pgdrydock {

constexpr std::size_t kSnippetChars = 200;    // one line of SQL shown to a person
constexpr std::size_t kMessageChars = 1000;   // a finding's message or an input error
constexpr std::size_t kStatementChars = 4000; // the JSON report's "text" of a statement
constexpr std::size_t kRecipeLines = 40;      // lines of a safe recipe (each up to kMessageChars)

// At most `limit` characters (code points, at least 3) of `text`. A longer text becomes the
// window that keeps byte `focus` in view (a quarter of the window before it), with "…" for each
// side that was cut (counted in the limit). Cuts fall between characters, never inside one.
std::string snippet(std::string_view text, std::size_t focus = 0,
                    std::size_t limit = kSnippetChars);

// Lines of a multi-line text for display: at most max_lines of them (starting early enough that
// the line holding byte `focus` is one), each cut by snippet() to line_chars; trailing blank
// lines and a line's trailing CR are dropped.
struct Excerpt {
  std::vector<std::string> lines;
  std::size_t first_line = 0; // 0-based index in `text` of lines[0]
  bool cut_after = false;     // lines follow the last one shown
};
Excerpt excerpt(std::string_view text, std::size_t focus, std::size_t max_lines,
                std::size_t line_chars = kSnippetChars);

// A finding's message and recipe as every format shows them: bounded, line breaks kept.
std::string shown_message(std::string_view message);
std::string shown_recipe(std::string_view recipe);

// The byte offset in statement.text of `at` (a finding's line and column, columns counting code
// points); 0 when `at` is not inside the statement.
std::size_t focus_in(const StatementResult& statement, const SourceLocation& at);

// The statement's text as the JSON report carries it: kStatementChars around its first finding.
std::string shown_statement(const StatementResult& statement);

} // namespace pgdrydock
