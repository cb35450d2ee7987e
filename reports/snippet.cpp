#include "reports/snippet.h"

#include <algorithm>

namespace pgdrydock {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6"; // U+2026

bool continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Byte position `n` characters after `pos` (or the end).
std::size_t forward(std::string_view text, std::size_t pos, std::size_t n) {
  for (; pos < text.size() && n > 0; --n)
    for (++pos; pos < text.size() && continuation(text[pos]);)
      ++pos;
  return pos;
}

// Byte position `n` characters before `pos` (or 0); `pos` is a character boundary.
std::size_t backward(std::string_view text, std::size_t pos, std::size_t n) {
  for (; pos > 0 && n > 0; --n)
    for (--pos; pos > 0 && continuation(text[pos]);)
      --pos;
  return pos;
}

// `middle` with an ellipsis on the sides that were cut. Appended piece by piece: GCC 12 at -O3
// warns (-Wrestrict) on a chain of std::string `+` here.
std::string cut(bool before, std::string_view middle, bool after) {
  std::string out;
  out.reserve(middle.size() + 2 * kEllipsis.size());
  if (before)
    out.append(kEllipsis);
  out.append(middle);
  if (after)
    out.append(kEllipsis);
  return out;
}

} // namespace

std::string snippet(std::string_view text, std::size_t focus, std::size_t limit) {
  limit = std::max<std::size_t>(limit, 3);
  if (forward(text, 0, limit) == text.size())
    return std::string(text);
  focus = std::min(focus, text.size());
  while (focus > 0 && focus < text.size() && continuation(text[focus]))
    --focus;
  const std::size_t before = limit / 4;
  const std::size_t head = forward(text, 0, limit - 1 - before);
  if (focus < head) // in view from the first character on
    return cut(false, text.substr(0, forward(text, 0, limit - 1)), true);
  const std::size_t start = backward(text, focus, before);
  const std::size_t end = forward(text, start, limit - 2);
  if (end == text.size()) { // the tail: one ellipsis, in front
    const std::size_t tail = backward(text, text.size(), limit - 1);
    return cut(true, text.substr(tail), false);
  }
  return cut(true, text.substr(start, end - start), true);
}

Excerpt excerpt(std::string_view text, std::size_t focus, std::size_t max_lines,
                std::size_t line_chars) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.remove_suffix(1);
  Excerpt out;
  if (text.empty() || max_lines == 0)
    return out;
  // The line holding the focus, counted only up to the focus.
  focus = std::min(focus, text.size());
  std::size_t focus_line = 0;
  for (std::size_t i = 0; i < focus; ++i)
    focus_line += text[i] == '\n' ? 1 : 0;
  out.first_line = focus_line < max_lines ? 0 : focus_line - max_lines / 2;
  std::size_t pos = 0;
  for (std::size_t line = 0; line < out.first_line; ++line)
    pos = text.find('\n', pos) + 1;
  for (std::size_t line = out.first_line; pos != std::string_view::npos; ++line) {
    if (out.lines.size() == max_lines) {
      out.cut_after = true;
      break;
    }
    const std::size_t nl = text.find('\n', pos);
    std::string_view part = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    if (!part.empty() && part.back() == '\r')
      part.remove_suffix(1);
    const std::size_t at = line == focus_line ? focus - pos : 0;
    out.lines.push_back(snippet(part, at, line_chars));
    pos = nl == std::string_view::npos ? nl : nl + 1;
  }
  return out;
}

std::string shown_message(std::string_view message) {
  return snippet(message, 0, kMessageChars);
}

std::string shown_recipe(std::string_view recipe) {
  const Excerpt e = excerpt(recipe, 0, kRecipeLines, kMessageChars);
  std::string out;
  for (const auto& line : e.lines) {
    if (!out.empty())
      out += '\n';
    out += line;
  }
  if (e.cut_after) {
    out += '\n';
    out.append(kEllipsis);
  }
  return out;
}

std::size_t focus_in(const StatementResult& statement, const SourceLocation& at) {
  const SourceLocation& from = statement.location;
  if (at.line < from.line || (at.line == from.line && at.column <= from.column))
    return 0;
  const std::string& text = statement.text;
  int line = from.line, column = from.column;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (continuation(text[i]))
      continue;
    if (line == at.line && column == at.column)
      return i;
    if (line > at.line)
      return 0;
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return 0;
}

std::string shown_statement(const StatementResult& statement) {
  const std::size_t focus =
      statement.findings.empty() ? 0 : focus_in(statement, statement.findings.front().location);
  return snippet(statement.text, focus, kStatementChars);
}

} // namespace pgdrydock
