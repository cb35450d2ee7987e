// The libpg_query boundary: split, parse and scan. Only sql_parser.cpp includes pg_query.h.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include <tl/expected.hpp>

#include "lint/parse_node.h"

namespace pgdrydock {

struct SyntaxError {
  std::string message;
  std::size_t byte_offset = 0; // into the text that was given
};

using ParseResult = tl::expected<Node, SyntaxError>;

struct StatementSpan {
  std::size_t begin = 0;     // first byte of the statement proper (comments and blanks skipped)
  std::size_t end = 0;       // one past its last byte, before the `;`
  std::size_t gap_begin = 0; // where the blanks/comments before it start (after the previous `;`)
  bool unparsable = false;   // the scanner failed inside it (unterminated quote): a syntax error
  std::string error;         // the scanner's message when unparsable
  // Where the scanner failed (start of the bad token), when unparsable.
  std::size_t error_offset = 0;
  bool psql_meta = false; // a psql meta-command (`\connect db`): psql runs it, not the server
  // COPY ... FROM stdin (or \copy ... from stdin): the rows that follow it in the script.
  bool copy_in = false;
  std::size_t copy_data_begin = 0;
  std::size_t copy_data_end = 0;
};

// Splits a script as psql reads it (lint/psql_script.h): meta-commands become spans of their
// own, COPY data is skipped (and remembered on its COPY span), and the SQL between is split
// with the scanner (split_sql).
std::vector<StatementSpan> split_statements(std::string_view text);

// Splits SQL with the scanner so one bad statement never hides the rest. When the scanner
// itself fails (unterminated quote or dollar-quote), everything before the failing statement is
// still split and the remainder becomes one unparsable span.
std::vector<StatementSpan> split_sql(std::string_view text);

struct Comment {
  std::size_t begin = 0; // byte offsets into the text that was scanned
  std::size_t end = 0;
};
// Comments (-- and /* */) in text, found by PostgreSQL's own scanner.
std::vector<Comment> scan_comments(std::string_view text);

// Parses one statement at a time and keeps one simdjson parser for reuse: a DOM of one
// statement is tiny, which keeps memory flat on huge files. Not shareable across threads;
// make one per thread (libpg_query itself is thread-safe).
class ParseSession {
public:
  ParseSession();
  // The statement's root node ({"AlterTableStmt": {...}}), valid until the next parse(), or
  // the syntax error (byte offset relative to sql). A syntax error is a finding about the
  // user's SQL, not a pgdrydock Error: it has its own type.
  ParseResult parse(std::string_view sql);
  // PL/pgSQL bodies are not parsed here: see parse_plpgsql below.

  // Ends the life of the last tree (its Nodes become invalid) and gives back its memory when it
  // was large. Call it when a script's trees are no longer needed: the next script's split
  // (libpg_query's scanner holds several times the file) then does not sit beside it.
  void release_large_tree();

private:
  void reset_json_parser();

  simdjson::dom::parser json_;
  std::string buffer_;
};

// Where the identifiers of text are, quoted ("Name") or not, as PostgreSQL's scanner finds
// them: byte ranges into text, quotes included. Keywords, strings and comments are not
// identifiers. Empty when the scanner fails.
struct TokenSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
};
std::vector<TokenSpan> scan_identifiers(std::string_view text);

// Runs libpg_query's PL/pgSQL parser on one CREATE FUNCTION ... LANGUAGE plpgsql statement and
// gives its JSON (a list of {"PLpgSQL_function": ...}; each statement has the `lineno` of its
// first token in the text given), or the parser's message. libpg_query reports no position for
// a PL/pgSQL error: byte_offset is then 0. lint/plpgsql_body.h reads the JSON.
tl::expected<std::string, SyntaxError> parse_plpgsql(std::string_view create_function_sql);

// How PostgreSQL's scanner classifies a word (the grammar's keyword categories). Only the word
// itself is scanned; anything that does not scan as exactly one identifier or keyword is
// NotAKeyword.
enum class KeywordCategory { NotAKeyword, Unreserved, ColumnName, TypeOrFunctionName, Reserved };
KeywordCategory keyword_category(std::string_view word);

} // namespace pgdrydock
