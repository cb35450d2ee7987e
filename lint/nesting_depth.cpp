#include "lint/nesting_depth.h"

#include <cctype>
#include <initializer_list>
#include <vector>

namespace pgdrydock {
namespace {

bool is_operator_char(char c) {
  switch (c) {
  case '+':
  case '-':
  case '*':
  case '/':
  case '<':
  case '>':
  case '=':
  case '~':
  case '!':
  case '@':
  case '#':
  case '%':
  case '^':
  case '&':
  case '|':
  case '`':
  case '?':
    return true;
  default:
    return false;
  }
}

bool is_ident_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '$' || u >= 0x80;
}

bool is_one_of(std::string_view word, std::initializer_list<std::string_view> keywords) {
  for (std::string_view k : keywords) {
    if (word.size() != k.size())
      continue;
    bool same = true;
    for (std::size_t i = 0; i < k.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(word[i])) == k[i];
    if (same)
      return true;
  }
  return false;
}

// Keywords that separate operands without nesting them: AND/OR lists are flat in the tree,
// and each CASE arm is a separate list element.
bool resets_chain(std::string_view word) {
  return is_one_of(word, {"and", "or", "when", "then", "else", "end"});
}

// Keywords that act as a left-nesting binary operator: `x COLLATE a COLLATE b`,
// `x AT TIME ZONE a AT TIME ZONE b` each wrap the expression before them once more.
bool is_operator_word(std::string_view word) {
  return is_one_of(word, {"collate", "at"});
}

// `a JOIN b ON ... JOIN c ON ...` nests one JoinExpr per JOIN. The ON conditions hold AND/OR,
// so joins keep their own count per level, which only a comma or the level's end resets.
bool is_join_word(std::string_view word) {
  return is_one_of(word, {"join"});
}

// Position just past a quoted literal or identifier starting at `pos` (which holds `quote`).
std::size_t skip_quoted(std::string_view s, std::size_t pos, char quote, bool backslash_escapes) {
  for (++pos; pos < s.size(); ++pos) {
    if (backslash_escapes && s[pos] == '\\') {
      ++pos;
    } else if (s[pos] == quote) {
      if (pos + 1 < s.size() && s[pos + 1] == quote) {
        ++pos; // doubled quote stays inside
      } else {
        return pos + 1;
      }
    }
  }
  return s.size();
}

// A dollar-quote opener `$tag$` (tag may be empty, never starts with a digit) at pos.
std::size_t dollar_tag_length(std::string_view s, std::size_t pos) {
  std::size_t i = pos + 1;
  if (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
    return 0; // $1 parameter
  while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' ||
                          static_cast<unsigned char>(s[i]) >= 0x80))
    ++i;
  return i < s.size() && s[i] == '$' ? i + 1 - pos : 0;
}

std::size_t skip_block_comment(std::string_view s, std::size_t pos) {
  int depth = 0;
  while (pos < s.size()) {
    if (s.compare(pos, 2, "/*") == 0) {
      ++depth;
      pos += 2;
    } else if (s.compare(pos, 2, "*/") == 0) {
      pos += 2;
      if (--depth == 0)
        return pos;
    } else {
      ++pos;
    }
  }
  return pos;
}

} // namespace

std::optional<ExcessiveNesting> find_excessive_nesting(std::string_view s, int limit) {
  // Per open level, a count of chained operators and one of joins; `estimate` = levels + all
  // the counts.
  struct Level {
    int chain = 0;
    int joins = 0;
  };
  std::vector<Level> levels(1);
  int estimate = 0;
  std::size_t pos = 0;
  auto too_deep = [&](std::size_t at) -> std::optional<ExcessiveNesting> {
    if (estimate > limit)
      return ExcessiveNesting{at, estimate};
    return std::nullopt;
  };
  while (pos < s.size()) {
    char c = s[pos];
    if (c == '\'') {
      bool escapes = pos > 0 && (s[pos - 1] == 'E' || s[pos - 1] == 'e');
      pos = skip_quoted(s, pos, '\'', escapes);
    } else if (c == '"') {
      pos = skip_quoted(s, pos, '"', false);
    } else if (c == '-' && pos + 1 < s.size() && s[pos + 1] == '-') {
      while (pos < s.size() && s[pos] != '\n')
        ++pos;
    } else if (c == '/' && pos + 1 < s.size() && s[pos + 1] == '*') {
      pos = skip_block_comment(s, pos);
    } else if (c == '$' && dollar_tag_length(s, pos) > 0) {
      std::size_t tag_len = dollar_tag_length(s, pos);
      std::size_t close = s.find(s.substr(pos, tag_len), pos + tag_len);
      pos = close == std::string_view::npos ? s.size() : close + tag_len;
    } else if (c == '(' || c == '[') {
      levels.emplace_back();
      ++estimate;
      if (auto e = too_deep(pos))
        return e;
      ++pos;
    } else if (c == ')' || c == ']') {
      if (levels.size() > 1) {
        estimate -= levels.back().chain + levels.back().joins + 1;
        levels.pop_back();
      }
      ++pos;
    } else if (c == ',' || c == ';') {
      estimate -= levels.back().chain + levels.back().joins;
      levels.back() = Level{};
      ++pos;
    } else if (is_operator_char(c)) {
      std::size_t start = pos;
      while (pos < s.size() && is_operator_char(s[pos]))
        ++pos; // `<=` or `||` is one operator
      ++levels.back().chain;
      ++estimate;
      if (auto e = too_deep(start))
        return e;
    } else if (is_ident_char(c)) {
      std::size_t start = pos;
      while (pos < s.size() && is_ident_char(s[pos]))
        ++pos;
      std::string_view word = s.substr(start, pos - start);
      if (resets_chain(word)) {
        estimate -= levels.back().chain;
        levels.back().chain = 0;
      } else if (is_operator_word(word) || is_join_word(word)) {
        ++(is_join_word(word) ? levels.back().joins : levels.back().chain);
        ++estimate;
        if (auto e = too_deep(start))
          return e;
      }
    } else {
      ++pos;
    }
  }
  return std::nullopt;
}

} // namespace pgdrydock
