#include "lint/sql_parser.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "lint/large_stack.h"
#include "lint/nesting_depth.h"
#include "lint/source_file.h"
#include "lint/statement_limits.h"

namespace pgdrydock {
namespace {

// Move-only holders: every libpg_query result is freed by its own function, on every path.
struct SplitHolder {
  PgQuerySplitResult r;
  ~SplitHolder() { pg_query_free_split_result(r); }
};
struct ParseHolder {
  PgQueryParseResult r;
  ~ParseHolder() { pg_query_free_parse_result(r); }
};
struct PlpgsqlHolder {
  PgQueryPlpgsqlParseResult r;
  ~PlpgsqlHolder() { pg_query_free_plpgsql_parse_result(r); }
};
struct ScanHolder {
  PgQueryScanResult r;
  ~ScanHolder() { pg_query_free_scan_result(r); }
};

// libpg_query quotes the text "at or near" the error, and for an unterminated quote that is the
// whole rest of the file (50 MB in the worst case, newlines included). Reports want one short
// line: keep the first characters of the quote and flatten control characters.
std::string tidy_error_message(std::string_view message) {
  constexpr std::size_t kMaxQuoted = 40;
  std::string out;
  std::size_t near = message.find("at or near \"");
  std::size_t cut = std::string_view::npos;
  if (near != std::string_view::npos) {
    std::size_t quoted = near + 12;
    std::size_t close = message.rfind('"');
    if (close > quoted && close - quoted > kMaxQuoted) {
      cut = quoted + kMaxQuoted;
      // Never split a UTF-8 sequence.
      while (cut > quoted && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80)
        --cut;
    }
  }
  std::string_view kept = message.substr(0, cut);
  for (char c : kept)
    out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  if (cut != std::string_view::npos)
    out += "...\"";
  return out;
}

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Skips blanks and comments from pos; the splitter's spans start right after the previous `;`.
std::size_t skip_blanks_and_comments(std::string_view t, std::size_t pos, std::size_t end) {
  while (pos < end) {
    if (is_blank(t[pos])) {
      ++pos;
    } else if (t.compare(pos, 2, "--") == 0) {
      while (pos < end && t[pos] != '\n')
        ++pos;
    } else if (t.compare(pos, 2, "/*") == 0) {
      int depth = 0; // PostgreSQL block comments nest
      while (pos < end) {
        if (t.compare(pos, 2, "/*") == 0) {
          ++depth;
          pos += 2;
        } else if (t.compare(pos, 2, "*/") == 0) {
          pos += 2;
          if (--depth == 0)
            break;
        } else {
          ++pos;
        }
      }
    } else {
      break;
    }
  }
  return pos;
}

std::size_t trim_right(std::string_view t, std::size_t begin, std::size_t end) {
  while (end > begin && (is_blank(t[end - 1]) || t[end - 1] == ';'))
    --end;
  return end;
}

void append_spans(std::string_view text, std::size_t base, const PgQuerySplitResult& r,
                  std::vector<StatementSpan>& out) {
  for (int i = 0; i < r.n_stmts; ++i) {
    std::size_t loc = base + static_cast<std::size_t>(r.stmts[i]->stmt_location);
    std::size_t end = loc + static_cast<std::size_t>(r.stmts[i]->stmt_len);
    if (end > text.size())
      end = text.size();
    StatementSpan span;
    span.gap_begin = loc;
    span.begin = skip_blanks_and_comments(text, loc, end);
    span.end = trim_right(text, span.begin, end);
    if (span.begin < span.end)
      out.push_back(span);
  }
}

} // namespace

namespace {

// Splits text[pos, limit) where the scanner is known to succeed on text[pos, fail): keeps the
// statements that end with `;` before `fail` and returns where the failing statement starts.
std::size_t append_complete_statements(std::string_view text, std::size_t pos, std::size_t fail,
                                       std::vector<StatementSpan>& out) {
  std::string head(text.substr(pos, fail - pos));
  SplitHolder split{pg_query_split_with_scanner(head.c_str())};
  if (split.r.error)
    return pos;
  std::size_t failing_begins = pos;
  for (int i = 0; i < split.r.n_stmts; ++i) {
    std::size_t loc = static_cast<std::size_t>(split.r.stmts[i]->stmt_location);
    std::size_t stmt_end = loc + static_cast<std::size_t>(split.r.stmts[i]->stmt_len);
    if (stmt_end >= head.size() || head[stmt_end] != ';')
      break; // runs into the bad token
    StatementSpan span;
    span.gap_begin = pos + loc;
    span.begin = skip_blanks_and_comments(text, pos + loc, pos + stmt_end);
    span.end = trim_right(text, span.begin, pos + stmt_end);
    if (span.begin < span.end)
      out.push_back(span);
    failing_begins = pos + stmt_end + 1;
  }
  return failing_begins;
}

void recover_left_out_statements(std::string_view text, std::vector<StatementSpan>& spans);

} // namespace

std::vector<StatementSpan> split_sql(std::string_view text) {
  std::vector<StatementSpan> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::string owned(text.substr(pos)); // libpg_query wants a NUL-terminated string
    SplitHolder split{pg_query_split_with_scanner(owned.c_str())};
    if (!split.r.error) {
      append_spans(text, pos, split.r, out);
      break;
    }
    // The scanner stopped at a bad token (its cursor is the token's first character). What
    // precedes the failing statement is split as usual; the failing statement becomes one
    // unparsable span, reported where the bad token starts.
    std::string message = tidy_error_message(split.r.error->message);
    std::size_t fail = pos + LineIndex::byte_offset_of_char(owned, split.r.error->cursorpos);
    if (fail > text.size())
      fail = text.size();
    std::size_t bad_begin = append_complete_statements(text, pos, fail, out);
    // An unterminated quote, dollar-quote or comment swallows the rest of the file, exactly as
    // PostgreSQL would read it; other scanner errors (a zero-length "" identifier) end at the
    // next `;` and splitting resumes after it.
    std::size_t bad_end = text.size();
    if (!message.starts_with("unterminated")) {
      std::size_t semi = text.find(';', fail);
      if (semi != std::string_view::npos)
        bad_end = semi + 1;
    }
    StatementSpan bad;
    bad.gap_begin = bad_begin;
    bad.begin = skip_blanks_and_comments(text, bad_begin, fail);
    bad.end = trim_right(text, bad.begin, bad_end);
    if (bad.end <= bad.begin)
      bad.end = bad_end;
    bad.unparsable = true;
    bad.error = std::move(message);
    bad.error_offset = fail;
    out.push_back(std::move(bad));
    pos = bad_end;
  }
  recover_left_out_statements(text, out);
  return out;
}

namespace {
struct Token {
  std::size_t begin = 0;
  std::size_t end = 0;
  PgQuery__Token kind = PG_QUERY__TOKEN__NUL; // single characters are their ASCII code
};

// The scan result is a PgQuery__ScanResult protobuf; libpg_query ships the protobuf-c code for
// it (bench/scan_decoding.cpp measured it against a hand-written decoder: no faster by hand).
struct UnpackedScan {
  PgQuery__ScanResult* r;
  ~UnpackedScan() {
    if (r)
      pg_query__scan_result__free_unpacked(r, nullptr);
  }
};

// Every token of text, comments included, from PostgreSQL's own scanner; empty when the
// scanner fails.
std::vector<Token> scan_tokens(std::string_view text) {
  std::vector<Token> out;
  std::string owned(text);
  ScanHolder scan{pg_query_scan(owned.c_str())};
  if (scan.r.error)
    return out;
  UnpackedScan unpacked{pg_query__scan_result__unpack(
      nullptr, scan.r.pbuf.len, reinterpret_cast<const std::uint8_t*>(scan.r.pbuf.data))};
  if (!unpacked.r)
    return out;
  out.reserve(unpacked.r->n_tokens);
  for (std::size_t i = 0; i < unpacked.r->n_tokens; ++i) {
    const PgQuery__ScanToken& t = *unpacked.r->tokens[i];
    out.push_back({static_cast<std::size_t>(t.start), static_cast<std::size_t>(t.end), t.token});
  }
  return out;
}

bool is_comment(const Token& t) {
  return t.kind == PG_QUERY__TOKEN__SQL_COMMENT || t.kind == PG_QUERY__TOKEN__C_COMMENT;
}

// True when text[pos, end) holds only blanks, comments and semicolons.
bool only_separators(std::string_view text, std::size_t pos, std::size_t end) {
  for (;;) {
    pos = skip_blanks_and_comments(text, pos, end);
    if (pos < end && text[pos] == ';')
      ++pos;
    else
      return pos >= end;
  }
}

// libpg_query's scanner-based splitter decides where statements start from their first
// keyword, and silently leaves out text it cannot place: a misspelt first keyword (`SELEC 1;`)
// or everything after an unbalanced parenthesis. Nothing may vanish unreported, so the text
// between the splitter's spans is cut at top-level semicolons here and handed on as
// statements of its own; the parser then reports each as the syntax error it is.
void recover_left_out_statements(std::string_view text, std::vector<StatementSpan>& spans) {
  std::vector<StatementSpan> recovered;
  std::size_t covered = 0;
  auto recover = [&](std::size_t from, std::size_t to) {
    if (only_separators(text, from, to))
      return;
    std::vector<Token> tokens = scan_tokens(text.substr(from, to - from));
    if (tokens.empty()) { // the scanner fails on it alone: keep it whole
      StatementSpan span;
      span.gap_begin = from;
      span.begin = skip_blanks_and_comments(text, from, to);
      span.end = trim_right(text, span.begin, to);
      recovered.push_back(span);
      return;
    }
    std::size_t gap_begin = from;
    StatementSpan current;
    bool open = false; // a statement has started and its `;` is not seen yet
    auto finish = [&] {
      if (open)
        recovered.push_back(current);
      open = false;
    };
    for (const Token& t : tokens) {
      if (is_comment(t))
        continue;
      if (t.kind == PG_QUERY__TOKEN__ASCII_59) { // `;`
        finish();
        gap_begin = from + t.end;
        continue;
      }
      if (!open) {
        open = true;
        current = StatementSpan{};
        current.gap_begin = gap_begin;
        current.begin = from + t.begin;
      }
      current.end = from + t.end;
    }
    finish();
  };
  for (const StatementSpan& span : spans) {
    if (span.gap_begin > covered)
      recover(covered, span.gap_begin);
    covered = std::max(covered, span.end);
  }
  if (covered < text.size())
    recover(covered, text.size());
  if (recovered.empty())
    return;
  spans.insert(spans.end(), recovered.begin(), recovered.end());
  std::sort(spans.begin(), spans.end(),
            [](const StatementSpan& a, const StatementSpan& b) { return a.begin < b.begin; });
}
} // namespace

std::vector<Comment> scan_comments(std::string_view text) {
  std::vector<Comment> out;
  for (const Token& t : scan_tokens(text))
    if (is_comment(t))
      out.push_back({t.begin, t.end});
  return out;
}

// simdjson refuses documents nested deeper than its max_depth (1024 by default); each level of
// SQL nesting costs a few JSON levels, so room for kMaxStatementNesting needs more.
constexpr std::size_t kJsonMaxDepth = 16 * kMaxStatementNesting;

// A DOM costs about 14 bytes per byte of JSON (tape, strings, structural indexes) and simdjson
// keeps that capacity for the next document. Past this size a session gives it back before the
// next parse, so one huge statement does not stay resident beside libpg_query's next parse.
constexpr std::size_t kKeptJsonCapacity = std::size_t{16} << 20;

ParseSession::ParseSession() {
  reset_json_parser();
}

void ParseSession::reset_json_parser() {
  json_ = simdjson::dom::parser{};
  // On failure (out of memory) the parser keeps simdjson's default depth; parse() then reports
  // very deep trees as too deeply nested instead of crashing.
  if (json_.allocate(simdjson::dom::MINIMAL_DOCUMENT_CAPACITY, kJsonMaxDepth) != simdjson::SUCCESS)
    return;
}

void ParseSession::release_large_tree() {
  if (json_.capacity() > kKeptJsonCapacity)
    reset_json_parser();
}

ParseResult ParseSession::parse(std::string_view sql) {
  // Over the size or nesting limit: refused before libpg_query sees it (lint/statement_limits.h).
  if (auto refused = refuse_statement(sql))
    return tl::unexpected(SyntaxError{std::move(refused->message), refused->byte_offset});
  // The previous tree is no longer valid from here on (parse_node.h): drop a huge one now.
  release_large_tree();
  simdjson::padded_string json;
  {
    buffer_.assign(sql); // libpg_query wants a NUL-terminated string
    const char* text = buffer_.c_str();
    ParseHolder parsed{on_large_stack([text] { return pg_query_parse(text); })};
    if (parsed.r.error) {
      return tl::unexpected(
          SyntaxError{tidy_error_message(parsed.r.error->message),
                      LineIndex::byte_offset_of_char(sql, parsed.r.error->cursorpos)});
    }
    // simdjson reads a padded copy; making it here lets libpg_query's own copy go before the
    // DOM is built (the JSON is about 4 times the statement), instead of after.
    json = simdjson::padded_string(parsed.r.parse_tree, std::strlen(parsed.r.parse_tree));
  }
  if (buffer_.capacity() > kKeptJsonCapacity)
    std::string().swap(buffer_);
  simdjson::dom::element root;
  if (json_.parse(json).get(root) != simdjson::SUCCESS) {
    return tl::unexpected(SyntaxError{"statement too deeply nested to analyse", 0});
  }
  Node tree(root);
  std::vector<Node> stmts = tree.list("stmts");
  if (stmts.empty()) {
    return tl::unexpected(SyntaxError{"no statement", 0});
  }
  // One span is one statement; libpg_query wraps it as {"stmt": {...}}.
  return stmts.front()["stmt"];
}

std::vector<TokenSpan> scan_identifiers(std::string_view text) {
  std::vector<TokenSpan> out;
  for (const Token& t : scan_tokens(text))
    if (t.kind == PG_QUERY__TOKEN__IDENT)
      out.push_back({t.begin, t.end});
  return out;
}

// libpg_query 15-4.0's pg_query_parse_plpgsql leaks the (empty, 1-byte) stderr copy of its raw
// parse when PL/pgSQL rejects a body: nothing a caller can free. Sanitizer builds must not fail
// on it. The library has no frame pointers, so the leak's stack ends at pg_query_raw_parse.
#if defined(__SANITIZE_ADDRESS__) // GCC
#define PGDRYDOCK_LEAK_CHECKED 1
#elif defined(__has_feature) // clang (the fuzz build)
#if __has_feature(address_sanitizer)
#define PGDRYDOCK_LEAK_CHECKED 1
#endif
#endif
#if defined(PGDRYDOCK_LEAK_CHECKED)
extern "C" const char* __lsan_default_suppressions() {
  return "leak:pg_query_raw_parse\n";
}
#endif

tl::expected<std::string, SyntaxError> parse_plpgsql(std::string_view create_function_sql) {
  if (auto refused = refuse_statement(create_function_sql))
    return tl::unexpected(SyntaxError{std::move(refused->message), refused->byte_offset});
  std::string owned(create_function_sql); // libpg_query wants a NUL-terminated string
  const char* text = owned.c_str();
  PlpgsqlHolder parsed{on_large_stack([text] { return pg_query_parse_plpgsql(text); })};
  // The error's cursorpos is 0 and its lineno is libpg_query's own source line: no position.
  if (parsed.r.error)
    return tl::unexpected(SyntaxError{tidy_error_message(parsed.r.error->message), 0});
  if (!parsed.r.plpgsql_funcs)
    return tl::unexpected(SyntaxError{"no PL/pgSQL function", 0});
  return std::string(parsed.r.plpgsql_funcs);
}

KeywordCategory keyword_category(std::string_view word) {
  std::string owned(word);
  ScanHolder scan{pg_query_scan(owned.c_str())};
  if (scan.r.error)
    return KeywordCategory::NotAKeyword;
  UnpackedScan unpacked{pg_query__scan_result__unpack(
      nullptr, scan.r.pbuf.len, reinterpret_cast<const std::uint8_t*>(scan.r.pbuf.data))};
  // Exactly one token, spanning the whole word: anything else is not a keyword.
  if (!unpacked.r || unpacked.r->n_tokens != 1 || unpacked.r->tokens[0]->start != 0 ||
      static_cast<std::size_t>(unpacked.r->tokens[0]->end) != word.size())
    return KeywordCategory::NotAKeyword;
  switch (unpacked.r->tokens[0]->keyword_kind) {
  case PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD:
    return KeywordCategory::Unreserved;
  case PG_QUERY__KEYWORD_KIND__COL_NAME_KEYWORD:
    return KeywordCategory::ColumnName;
  case PG_QUERY__KEYWORD_KIND__TYPE_FUNC_NAME_KEYWORD:
    return KeywordCategory::TypeOrFunctionName;
  case PG_QUERY__KEYWORD_KIND__RESERVED_KEYWORD:
    return KeywordCategory::Reserved;
  default:
    return KeywordCategory::NotAKeyword;
  }
}

} // namespace pgdrydock
