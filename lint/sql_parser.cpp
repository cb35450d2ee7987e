#include "lint/sql_parser.h"

#include <cstdint>
#include <cstring>
#include <memory>

#include <pg_query.h>

#include "lint/source_file.h"

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
struct ScanHolder {
  PgQueryScanResult r;
  ~ScanHolder() { pg_query_free_scan_result(r); }
};

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Skips blanks and comments from pos; the splitter's spans start right after the previous `;`.
std::size_t skip_blanks_and_comments(std::string_view t, std::size_t pos, std::size_t end) {
  while (pos < end) {
    if (is_blank(t[pos])) {
      ++pos;
    } else if (t.compare(pos, 2, "--") == 0) {
      while (pos < end && t[pos] != '\n') ++pos;
    } else if (t.compare(pos, 2, "/*") == 0) {
      int depth = 0; // PostgreSQL block comments nest
      while (pos < end) {
        if (t.compare(pos, 2, "/*") == 0) {
          ++depth;
          pos += 2;
        } else if (t.compare(pos, 2, "*/") == 0) {
          pos += 2;
          if (--depth == 0) break;
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
  while (end > begin && (is_blank(t[end - 1]) || t[end - 1] == ';')) --end;
  return end;
}

void append_spans(std::string_view text, std::size_t base, const PgQuerySplitResult& r,
                  std::vector<StatementSpan>& out) {
  for (int i = 0; i < r.n_stmts; ++i) {
    std::size_t loc = base + static_cast<std::size_t>(r.stmts[i]->stmt_location);
    std::size_t end = loc + static_cast<std::size_t>(r.stmts[i]->stmt_len);
    if (end > text.size()) end = text.size();
    StatementSpan span;
    span.gap_begin = loc;
    span.begin = skip_blanks_and_comments(text, loc, end);
    span.end = trim_right(text, span.begin, end);
    if (span.begin < span.end) out.push_back(span);
  }
}

} // namespace

std::vector<StatementSpan> split_statements(std::string_view text) {
  std::vector<StatementSpan> out;
  std::string owned(text); // libpg_query wants a NUL-terminated string
  SplitHolder split{pg_query_split_with_scanner(owned.c_str())};
  if (!split.r.error) {
    append_spans(text, 0, split.r, out);
    return out;
  }
  // The scanner failed (unterminated quote, dollar-quote or comment). Split what precedes the
  // failing statement, and make the rest one unparsable span reported at the failure point.
  std::size_t fail = LineIndex::byte_offset_of_char(owned, split.r.error->cursorpos);
  std::string message = split.r.error->message;
  std::size_t cut = owned.rfind(';', fail == 0 ? 0 : fail - 1);
  std::size_t rest_begin = 0;
  if (cut != std::string::npos && cut < fail) {
    std::string prefix = owned.substr(0, cut + 1);
    SplitHolder head{pg_query_split_with_scanner(prefix.c_str())};
    if (!head.r.error) {
      append_spans(text, 0, head.r, out);
      rest_begin = cut + 1;
    }
  }
  StatementSpan bad;
  bad.gap_begin = rest_begin;
  bad.begin = skip_blanks_and_comments(text, rest_begin, text.size());
  bad.end = trim_right(text, bad.begin, text.size());
  bad.unparsable = true;
  bad.error = message;
  // Report at the scanner's failure point when it lies inside the span.
  if (fail > bad.begin && fail < text.size()) bad.begin = std::min(bad.begin, fail);
  if (bad.begin >= bad.end) bad.end = text.size();
  out.push_back(bad);
  return out;
}

namespace {
// Minimal protobuf reader for PgQuery__ScanResult: field 2 = repeated ScanToken
// {1: start, 2: end, 4: token}. Decoding by hand avoids a protobuf-c dependency.
bool read_varint(const std::uint8_t*& p, const std::uint8_t* end, std::uint64_t& v) {
  v = 0;
  for (int shift = 0; p < end && shift < 64; shift += 7) {
    std::uint8_t b = *p++;
    v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}
bool skip_field(const std::uint8_t*& p, const std::uint8_t* end, std::uint64_t wire) {
  std::uint64_t v = 0;
  switch (wire) {
  case 0: return read_varint(p, end, v);
  case 1: p += 8; return p <= end;
  case 2:
    if (!read_varint(p, end, v) || v > static_cast<std::uint64_t>(end - p)) return false;
    p += v;
    return true;
  case 5: p += 4; return p <= end;
  default: return false;
  }
}
constexpr std::uint64_t kSqlComment = 275; // PG_QUERY__TOKEN__SQL_COMMENT
constexpr std::uint64_t kCComment = 276;   // PG_QUERY__TOKEN__C_COMMENT
} // namespace

std::vector<Comment> scan_comments(std::string_view text) {
  std::vector<Comment> out;
  std::string owned(text);
  ScanHolder scan{pg_query_scan(owned.c_str())};
  if (scan.r.error) return out;
  const auto* p = reinterpret_cast<const std::uint8_t*>(scan.r.pbuf.data);
  const auto* end = p + scan.r.pbuf.len;
  while (p < end) {
    std::uint64_t key = 0;
    if (!read_varint(p, end, key)) break;
    if ((key >> 3) == 2 && (key & 7) == 2) {
      std::uint64_t len = 0;
      if (!read_varint(p, end, len) || len > static_cast<std::uint64_t>(end - p)) break;
      const std::uint8_t* tok_end = p + len;
      std::uint64_t start = 0, stop = 0, token = 0;
      while (p < tok_end) {
        std::uint64_t k = 0, v = 0;
        if (!read_varint(p, tok_end, k)) break;
        if ((k & 7) == 0) {
          if (!read_varint(p, tok_end, v)) break;
          if ((k >> 3) == 1) start = v;
          else if ((k >> 3) == 2) stop = v;
          else if ((k >> 3) == 4) token = v;
        } else if (!skip_field(p, tok_end, k & 7)) {
          break;
        }
      }
      p = tok_end;
      if (token == kSqlComment || token == kCComment) out.push_back({start, stop});
    } else if (!skip_field(p, end, key & 7)) {
      break;
    }
  }
  return out;
}

ParseSession::ParseSession() = default;

std::optional<Node> ParseSession::parse(std::string_view sql, SyntaxError* error) {
  buffer_.assign(sql);
  ParseHolder parsed{pg_query_parse(buffer_.c_str())};
  if (parsed.r.error) {
    if (error) {
      error->message = parsed.r.error->message;
      error->byte_offset = LineIndex::byte_offset_of_char(buffer_, parsed.r.error->cursorpos);
    }
    return std::nullopt;
  }
  simdjson::dom::element root;
  if (json_.parse(parsed.r.parse_tree, std::strlen(parsed.r.parse_tree)).get(root) !=
      simdjson::SUCCESS) {
    if (error) *error = {"internal: unreadable parse tree", 0};
    return std::nullopt;
  }
  Node tree(root);
  std::vector<Node> stmts = tree.list("stmts");
  if (stmts.empty()) {
    if (error) *error = {"no statement", 0};
    return std::nullopt;
  }
  // One span is one statement; libpg_query wraps it as {"stmt": {...}}.
  return stmts.front()["stmt"];
}

} // namespace pgdrydock
