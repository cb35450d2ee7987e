#include "lint/psql_script.h"

#include <algorithm>
#include <array>

#include "lint/sql_parser.h"

namespace pgdrydock {
namespace {

bool is_ident_start(char c) {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || u >= 0x80;
}
bool is_ident_char(char c) {
  return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

bool equals_ci(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i])
      return false;
  }
  return true;
}

// Meta-commands whose argument is the whole rest of the line, backslashes included (psql reads
// these with its whole-line option mode).
bool takes_whole_line(std::string_view name) {
  constexpr std::array<std::string_view, 8> kWholeLine = {"!",  "copy", "ef",   "ev",
                                                          "sf", "sv",   "help", "h"};
  for (std::string_view w : kWholeLine)
    if (name == w)
      return true;
  return false;
}

// Whether the words of text contain `from stdin` (case-insensitive): a `\copy` that reads its
// rows from the script itself (`pstdin` is psql's own standard input, not the script).
bool reads_from_stdin(std::string_view text) {
  bool after_from = false;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_ident_start(text[i])) {
      ++i;
      continue;
    }
    std::size_t start = i;
    while (i < text.size() && is_ident_char(text[i]))
      ++i;
    std::string_view word = text.substr(start, i - start);
    if (after_from && equals_ci(word, "stdin"))
      return true;
    after_from = equals_ci(word, "from");
  }
  return false;
}

class Segmenter {
public:
  explicit Segmenter(std::string_view text) : t_(text) {}

  std::vector<PsqlSegment> run() {
    while (pos_ < t_.size())
      step();
    flush_sql(t_.size());
    return std::move(out_);
  }

private:
  std::string_view t_;
  std::size_t pos_ = 0;
  std::size_t sql_begin_ = 0; // start of the Sql segment being read
  std::vector<PsqlSegment> out_;
  // The statement being read, as far as COPY FROM STDIN detection needs it (depth 0 words).
  int depth_ = 0;
  int words_ = 0;
  bool copy_ = false;       // its first word is COPY
  bool after_from_ = false; // the previous word was FROM
  bool from_stdin_ = false; // COPY ... FROM STDIN seen

  void flush_sql(std::size_t end) {
    if (end > sql_begin_)
      out_.push_back({PsqlSegment::Kind::Sql, sql_begin_, end});
  }
  void new_statement() {
    depth_ = 0;
    words_ = 0;
    copy_ = after_from_ = from_stdin_ = false;
  }
  std::size_t line_end(std::size_t from) const {
    std::size_t nl = t_.find('\n', from);
    return nl == std::string_view::npos ? t_.size() : nl;
  }

  void step() {
    char c = t_[pos_];
    if (c == '-' && t_.compare(pos_, 2, "--") == 0) {
      pos_ = line_end(pos_);
    } else if (c == '/' && t_.compare(pos_, 2, "/*") == 0) {
      skip_block_comment();
    } else if (c == '\'') {
      skip_quoted('\'', false);
    } else if (c == '"') {
      skip_quoted('"', false);
    } else if (c == '$') {
      skip_dollar();
    } else if (is_ident_start(c)) {
      word();
    } else if (c == '(') {
      ++depth_, ++pos_;
    } else if (c == ')') {
      depth_ = depth_ > 0 ? depth_ - 1 : 0, ++pos_;
    } else if (c == ';' && depth_ == 0) {
      ++pos_;
      if (from_stdin_)
        copy_data(line_end(pos_));
      new_statement();
    } else if (c == '\\') {
      meta_command();
    } else {
      ++pos_;
    }
  }

  void skip_block_comment() {
    int nesting = 0; // PostgreSQL block comments nest
    while (pos_ < t_.size()) {
      if (t_.compare(pos_, 2, "/*") == 0) {
        ++nesting, pos_ += 2;
      } else if (t_.compare(pos_, 2, "*/") == 0) {
        pos_ += 2;
        if (--nesting == 0)
          return;
      } else {
        ++pos_;
      }
    }
  }

  // From the opening quote at pos_; a doubled quote is one quote character. With backslash
  // escapes (E'...'), `\'` does not close the string.
  void skip_quoted(char quote, bool backslash_escapes) {
    ++pos_;
    while (pos_ < t_.size()) {
      char c = t_[pos_];
      if (backslash_escapes && c == '\\') {
        pos_ += 2;
      } else if (c == quote) {
        if (pos_ + 1 < t_.size() && t_[pos_ + 1] == quote) {
          pos_ += 2;
        } else {
          ++pos_;
          return;
        }
      } else {
        ++pos_;
      }
    }
    pos_ = t_.size();
  }

  // `$tag$ ... $tag$` (a `$` inside a word never gets here: word() takes it; `$1` is a parameter).
  void skip_dollar() {
    std::size_t i = pos_ + 1;
    if (i < t_.size() && is_ident_start(t_[i]))
      while (i < t_.size() && is_ident_char(t_[i]) && t_[i] != '$')
        ++i;
    if (i >= t_.size() || t_[i] != '$') {
      ++pos_;
      return;
    }
    std::string_view tag = t_.substr(pos_, i + 1 - pos_);
    std::size_t close = t_.find(tag, i + 1);
    pos_ = close == std::string_view::npos ? t_.size() : close + tag.size();
  }

  void word() {
    std::size_t start = pos_;
    while (pos_ < t_.size() && is_ident_char(t_[pos_]))
      ++pos_;
    std::string_view w = t_.substr(start, pos_ - start);
    // E'...' (also U&'' handled as standard: its escapes are not backslashes).
    if (w.size() == 1 && (w[0] == 'e' || w[0] == 'E') && pos_ < t_.size() && t_[pos_] == '\'') {
      skip_quoted('\'', true);
      return;
    }
    if (depth_ != 0)
      return;
    if (words_++ == 0)
      copy_ = equals_ci(w, "copy");
    if (copy_ && after_from_ && equals_ci(w, "stdin"))
      from_stdin_ = true;
    after_from_ = equals_ci(w, "from");
  }

  void meta_command() {
    flush_sql(pos_);
    std::size_t begin = pos_;
    std::size_t name_begin = pos_ + 1;
    std::size_t i = name_begin;
    // The name: one backslash (`\\`, the separator) or a run of non-blank, non-backslash bytes.
    if (i < t_.size() && t_[i] == '\\') {
      pos_ = i + 1;
      out_.push_back({PsqlSegment::Kind::MetaCommand, begin, pos_});
      sql_begin_ = pos_;
      return;
    }
    while (i < t_.size() && !is_space(t_[i]) && t_[i] != '\n' && t_[i] != '\\')
      ++i;
    std::string_view name = t_.substr(name_begin, i - name_begin);
    std::size_t end = line_end(i);
    if (!takes_whole_line(name))
      end = argument_end(i, end);
    // A separator `\\` ends the command and belongs to it; SQL resumes after it.
    std::size_t resume = end;
    if (t_.compare(end, 2, "\\\\") == 0)
      resume = end + 2;
    out_.push_back({PsqlSegment::Kind::MetaCommand, begin, resume});
    pos_ = resume;
    sql_begin_ = pos_;
    if (equals_ci(name, "copy") && reads_from_stdin(t_.substr(i, end - i)))
      copy_data(end);
  }

  // Arguments end at the line end or at an unquoted backslash (the next command or `\\`).
  std::size_t argument_end(std::size_t from, std::size_t line_end) {
    std::size_t i = from;
    while (i < line_end) {
      char c = t_[i];
      if (c == '\\')
        return i;
      if (c == '\'' || c == '"' || c == '`') {
        ++i;
        while (i < line_end && t_[i] != c)
          i += (c == '\'' && t_[i] == '\\') ? 2 : 1;
        if (i >= line_end)
          return line_end;
      }
      ++i;
    }
    return line_end;
  }

  // The statement ended at `from`'s line: its rows start on the next line and run to a line
  // holding only `\.` (the end of the text when there is none, as psql treats it).
  void copy_data(std::size_t from_line_end) {
    flush_sql(from_line_end);
    std::size_t data_begin = from_line_end < t_.size() ? from_line_end + 1 : t_.size();
    std::size_t line = data_begin;
    while (line < t_.size()) {
      std::size_t end = line_end(line);
      std::string_view content = t_.substr(line, end - line);
      if (content == "\\." || content == "\\.\r") {
        out_.push_back({PsqlSegment::Kind::CopyData, data_begin, line});
        pos_ = end;
        sql_begin_ = pos_;
        return;
      }
      line = end + 1;
    }
    out_.push_back({PsqlSegment::Kind::CopyData, data_begin, t_.size()});
    pos_ = sql_begin_ = t_.size();
  }
};

} // namespace

std::vector<PsqlSegment> psql_segments(std::string_view text) {
  return Segmenter(text).run();
}

std::vector<StatementSpan> split_statements(std::string_view text) {
  std::vector<PsqlSegment> segments = psql_segments(text);
  if (segments.size() == 1 && segments[0].kind == PsqlSegment::Kind::Sql)
    return split_sql(text); // plain SQL: the common case
  std::vector<StatementSpan> out;
  // Where the comments before a meta-command may start: after the statement, meta-command or
  // data block before it (directives on the line above it apply, as to any statement).
  std::size_t gap = 0;
  for (const PsqlSegment& seg : segments) {
    switch (seg.kind) {
    case PsqlSegment::Kind::Sql:
      gap = seg.begin;
      for (StatementSpan span : split_sql(text.substr(seg.begin, seg.end - seg.begin))) {
        span.gap_begin += seg.begin;
        span.begin += seg.begin;
        span.end += seg.begin;
        span.error_offset += seg.begin;
        gap = span.end;
        out.push_back(std::move(span));
      }
      break;
    case PsqlSegment::Kind::MetaCommand: {
      StatementSpan span;
      span.gap_begin = gap;
      span.begin = seg.begin;
      span.end = seg.end;
      span.psql_meta = true;
      gap = seg.end;
      out.push_back(std::move(span));
      break;
    }
    case PsqlSegment::Kind::CopyData:
      if (!out.empty()) { // the COPY (or \copy) that reads these rows
        out.back().copy_in = true;
        out.back().copy_data_begin = seg.begin;
        out.back().copy_data_end = seg.end;
      }
      gap = seg.end;
      break;
    }
  }
  return out;
}

std::string_view psql_command_name(std::string_view meta_command) {
  if (meta_command.starts_with('\\'))
    meta_command.remove_prefix(1);
  if (meta_command.starts_with('\\'))
    return meta_command.substr(0, 1);
  std::size_t n = 0;
  while (n < meta_command.size() && !is_space(meta_command[n]) && meta_command[n] != '\n' &&
         meta_command[n] != '\\')
    ++n;
  return meta_command.substr(0, n);
}

} // namespace pgdrydock
