#include "lint/statement.h"

#include "lint/ignore_markers.h"
#include "lint/sql_parser.h"

namespace pgdrydock {
namespace {
constexpr std::string_view kMarker = "pgdrydock:ignore";
constexpr std::string_view kSquawkMarker = "squawk-ignore";

void collect_ignores(std::string_view text, std::size_t text_base, const SourceFile& file,
                     std::vector<IgnoreDirective>& out) {
  // Cheap pre-check: most statements have no directive, and scanning costs a lexer pass.
  if (text.find(kMarker) == std::string_view::npos &&
      text.find(kSquawkMarker) == std::string_view::npos)
    return;
  for (const Comment& c : scan_comments(text)) {
    std::string_view comment = text.substr(c.begin, c.end - c.begin);
    int line = file.position(text_base + c.begin).line;
    if (auto d = parse_ignore_comment(comment)) {
      d->line = line;
      out.push_back(*d);
    }
    for (IgnoreDirective& d : squawk_ignore_directives(comment)) {
      d.line = line;
      out.push_back(std::move(d));
    }
  }
}
} // namespace

std::vector<IgnoreDirective> ignore_directives_in(const SourceFile& file, std::size_t begin,
                                                  std::size_t end) {
  std::vector<IgnoreDirective> out;
  collect_ignores(file.view(begin, end), begin, file, out);
  return out;
}

bool Statement::ignored(std::string_view rule_id) const {
  for (const auto& d : ignores)
    if (d.rule == rule_id || d.rule == "all" || (d.rule == kEveryHazard && hazard_rule(rule_id)))
      return true;
  return false;
}

std::optional<IgnoreDirective> parse_ignore_comment(std::string_view comment) {
  std::size_t at = comment.find(kMarker);
  if (at == std::string_view::npos)
    return std::nullopt;
  std::string_view rest = comment.substr(at + kMarker.size());
  if (rest.ends_with("*/"))
    rest.remove_suffix(2);
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  auto skip = [&] {
    while (!rest.empty() && is_space(rest.front()))
      rest.remove_prefix(1);
  };
  skip();
  std::size_t n = 0;
  while (n < rest.size() && !is_space(rest[n]))
    ++n;
  if (n == 0)
    return std::nullopt;
  IgnoreDirective d;
  d.rule = std::string(rest.substr(0, n));
  rest.remove_prefix(n);
  skip();
  while (!rest.empty() && is_space(rest.back()))
    rest.remove_suffix(1);
  d.reason = std::string(rest);
  return d;
}

void for_each_statement_impl(const SourceFilePtr& file, std::size_t begin, std::size_t end,
                             void (*fn)(void*, Statement&), void* ctx) {
  std::string_view script = file->view(begin, end);
  std::vector<StatementSpan> spans = split_statements(script);
  std::vector<AssuredBlock> assured = safety_assured_blocks(script);
  int index = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const StatementSpan& span = spans[i];
    Statement st;
    st.file = file;
    st.begin = begin + span.begin;
    st.end = begin + span.end;
    st.location = file->location(st.begin);
    st.index = index++;
    st.psql_meta = span.psql_meta;
    st.copy_in = span.copy_in;
    if (span.copy_in) {
      st.copy_data_begin = begin + span.copy_data_begin;
      st.copy_data_end = begin + span.copy_data_end;
    }
    if (span.unparsable) {
      st.syntax_error = span.error;
      st.error_location = file->location(begin + span.error_offset); // the bad token itself
    }
    // Directives: in the comments before the statement, inside it, and after its `;` on the
    // same line as its end.
    // The next span's gap starts right after this `;`, so a trailing comment lies in it: read
    // on to the end of this line, but never into the next statement itself.
    std::size_t tail_end = i + 1 < spans.size() ? spans[i + 1].begin : script.size();
    std::size_t line_end = script.find('\n', span.end);
    if (line_end == std::string_view::npos || line_end > tail_end)
      line_end = tail_end;
    // Only directives on the statement's own lines, or the line right above it, count.
    // (Lines of the script text itself: location() may report a generated script's origin.)
    int first_line = file->position(st.begin).line;
    std::vector<IgnoreDirective> found;
    collect_ignores(script.substr(span.gap_begin, line_end - span.gap_begin),
                    begin + span.gap_begin, *file, found);
    int last_line = file->position(begin + line_end).line;
    // A comment after the previous statement's `;` on that statement's last line belongs to it.
    int prev_end_line = i > 0 ? file->position(begin + spans[i - 1].end).line : 0;
    for (auto& d : found) {
      if (d.line < first_line && d.line == prev_end_line)
        continue;
      if (d.line >= first_line - 1 && d.line <= last_line)
        st.ignores.push_back(std::move(d));
    }
    for (const AssuredBlock& b : assured)
      if (span.begin >= b.begin && span.begin < b.end)
        st.ignores.push_back({std::string(kEveryHazard), "safety-assured block",
                              file->position(begin + b.start_comment).line});
    // Generated scripts (Alembic): the directives written beside the code that produced it.
    if (const SourceOrigin* origin = file->origin_at(st.begin))
      for (const OriginIgnore& d : origin->ignores)
        st.ignores.push_back({d.rule, d.reason, d.line});
    fn(ctx, st);
  }
}

} // namespace pgdrydock
