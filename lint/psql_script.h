// psql's view of a script (pg_dump output, `psql -f` files): which bytes it sends to the server
// as SQL, which it runs itself (backslash meta-commands) and which it streams as COPY data.
// libpg_query knows only the SQL, so the splitter cuts the script here first.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace pgdrydock {

struct PsqlSegment {
  enum class Kind {
    Sql,         // SQL text for the scanner-based splitter
    MetaCommand, // `\name args`: run by psql, never sent as SQL
    CopyData,    // the rows after `COPY ... FROM stdin;` (or `\copy ... from stdin`), to `\.`
  };
  Kind kind = Kind::Sql;
  std::size_t begin = 0; // byte range in the text; a CopyData range excludes the `\.` line
  std::size_t end = 0;
};

// Cuts text as psql reads it, in one pass: a backslash outside quotes, dollar-quotes and
// comments starts a meta-command that runs to the end of its line, to the next unquoted
// backslash (another meta-command) or to `\\` (the separator after which SQL resumes). A
// top-level `COPY ... FROM STDIN` statement, ended by `;`, is followed from the next line by
// data up to a line holding only `\.` (or the end of the text). Adjacent segments cover the
// text without gaps; Sql segments may be empty of statements (blanks only).
std::vector<PsqlSegment> psql_segments(std::string_view text);

// The meta-command's name without the backslash ("connect", "set", "." ...).
std::string_view psql_command_name(std::string_view meta_command);

} // namespace pgdrydock
