// One SQL statement of a script: where it is, its text, and the ignore directives that apply.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/source_file.h"

namespace pgdrydock {

// `-- pgdrydock:ignore <rule-id|all> [reason]` on the line before a statement or at its end;
// also the markers of other tools that mean the same (lint/ignore_markers.h).
struct IgnoreDirective {
  std::string rule; // rule id, "all", or kEveryHazard
  std::string reason;
  int line = 0;
};
// The rule of a directive that silences every hazard but not a statement PostgreSQL would
// reject: what a `-- safety-assured` block or a bare `-- squawk-ignore` asserts.
inline constexpr std::string_view kEveryHazard = "(every hazard)";
// The statement kind of a psql meta-command (`\connect`, `\set`): not SQL, never parsed. Rules
// subscribe to it like to a node kind (rules/psql_meta_command.cpp).
inline constexpr std::string_view kPsqlMetaCommandKind = "(psql meta-command)";

// The statement kind of an EXECUTE in a DO block whose SQL is built at run time: its text is
// the expression, never parsed as SQL (rules/dynamic_sql.cpp subscribes to it).
inline constexpr std::string_view kDynamicExecuteKind = "(dynamic EXECUTE)";

struct Statement {
  SourceFilePtr file;
  std::size_t begin = 0; // byte range in file->content()
  std::size_t end = 0;
  SourceLocation location;
  int index = 0; // 0-based position in its script
  std::vector<IgnoreDirective> ignores;
  std::optional<std::string> syntax_error; // message, when it does not parse
  SourceLocation error_location;           // where the parser stopped
  bool psql_meta = false;                  // a psql meta-command: text() is `\name args`
  bool dynamic_execute = false;            // kDynamicExecuteKind: text() is the expression
  // COPY ... FROM stdin (or \copy ... from stdin): its rows, a byte range in file->content();
  // they are data, never parsed.
  bool copy_in = false;
  std::size_t copy_data_begin = 0;
  std::size_t copy_data_end = 0;

  // A statement run by another one (a DO block's body, lint/plpgsql_body.h): the line of the
  // DO statement it is part of (0 for a top-level statement).
  int inside_do_line = 0;
  // Its text when that is not a verbatim part of the file (EXECUTE of a string constant, SQL
  // whose INTO clause PL/pgSQL cut out); begin == end then mark where it is written.
  std::shared_ptr<const std::string> own_text;

  std::string_view text() const { return own_text ? *own_text : file->view(begin, end); }
  std::string_view copy_data() const { return file->view(copy_data_begin, copy_data_end); }
  bool ignored(std::string_view rule_id) const;
};

// Splits a script into statements with locations (file coordinates) and ignore directives and
// hands them over one at a time, so a huge file never has all its statements in memory.
// A span the scanner cannot read (unterminated quote) arrives with syntax_error already set;
// parse errors are found later, by the driver's parse.
template <typename F>
void for_each_statement(const SourceFilePtr& file, std::size_t begin, std::size_t end,
                        F&& callback);
void for_each_statement_impl(const SourceFilePtr& file, std::size_t begin, std::size_t end,
                             void (*fn)(void*, Statement&), void* ctx);
template <typename F>
void for_each_statement(const SourceFilePtr& file, std::size_t begin, std::size_t end,
                        F&& callback) {
  for_each_statement_impl(
      file, begin, end, [](void* c, Statement& s) { (*static_cast<F*>(c))(s); },
      const_cast<void*>(static_cast<const void*>(&callback)));
}

// The directives in the comments of file text [begin, end) (a DO block's body, whose comments
// the statement splitter sees as part of a string), each with its line.
std::vector<IgnoreDirective> ignore_directives_in(const SourceFile& file, std::size_t begin,
                                                  std::size_t end);

// Reads ignore directives from comment text ("-- pgdrydock:ignore rule reason").
std::optional<IgnoreDirective> parse_ignore_comment(std::string_view comment);

} // namespace pgdrydock
