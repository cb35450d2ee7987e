#include "tests/fuzz/mutator/sql_pieces.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "lint/sources/migration_names.h"
#include "lint/support/text.h"

namespace pgdrydock::fuzz {
namespace {

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// Where the quoted text, comment or dollar quote starting at `i` ends (i itself when none).
std::size_t skip_quoted(std::string_view sql, std::size_t i) {
  auto past = [&sql](std::size_t at, std::size_t length) {
    return at == std::string_view::npos ? sql.size() : at + length;
  };
  const char c = sql[i];
  const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
  if (c == '\'' || c == '"')
    return past(sql.find(c, i + 1), 1);
  if (c == '-' && next == '-')
    return past(sql.find('\n', i), 0);
  if (c == '/' && next == '*')
    return past(sql.find("*/", i + 2), 2);
  if (c == '$') {
    std::size_t j = i + 1;
    while (j < sql.size() && word_char(sql[j]))
      ++j;
    if (j < sql.size() && sql[j] == '$') {
      const std::string_view tag = sql.substr(i, j - i + 1);
      return past(sql.find(tag, j + 1), tag.size());
    }
  }
  return i;
}

// A word token of a statement: [begin, end) and its lower-case spelling.
struct Word {
  std::size_t begin;
  std::size_t end;
  std::string lower;
};

// Words outside quotes and comments; literals ('...', numbers) are reported as words too.
std::vector<Word> words_of(std::string_view s) {
  std::vector<Word> out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '\'') {
      const std::size_t end = skip_quoted(s, i);
      out.push_back({i, end, "'"});
      i = end;
    } else if (std::size_t end = skip_quoted(s, i); end != i) {
      i = end;
    } else if (word_char(s[i])) {
      std::size_t j = i;
      while (j < s.size() && word_char(s[j]))
        ++j;
      out.push_back({i, j, sources::lowercase_ascii(s.substr(i, j - i))});
      i = j;
    } else {
      ++i;
    }
  }
  return out;
}

const std::set<std::string, std::less<>>& keywords() {
  static const std::set<std::string, std::less<>> k = {
      "add",        "all",     "alter",   "and",      "as",       "begin",        "bigint",
      "by",         "cascade", "check",   "column",   "commit",   "concurrently", "constraint",
      "create",     "default", "delete",  "drop",     "else",     "end",          "exists",
      "false",      "for",     "foreign", "from",     "function", "if",           "in",
      "index",      "insert",  "int",     "integer",  "into",     "is",           "join",
      "key",        "not",     "null",    "on",       "only",     "or",           "primary",
      "references", "rename",  "returns", "select",   "set",      "table",        "text",
      "then",       "to",      "true",    "type",     "unique",   "update",       "using",
      "valid",      "values",  "when",    "where",    "with",     "timestamptz",  "varchar",
      "boolean",    "uuid",    "serial",  "bigserial"};
  return k;
}

bool is_relation_keyword(std::string_view w) {
  constexpr std::array<std::string_view, 9> k = {"table", "index", "on",   "into",      "update",
                                                 "from",  "join",  "view", "references"};
  return std::find(k.begin(), k.end(), w) != k.end();
}

bool is_name(const Word& w) {
  return !w.lower.empty() && !std::isdigit(static_cast<unsigned char>(w.lower[0])) &&
         w.lower != "'" && !keywords().contains(w.lower);
}

} // namespace

std::vector<std::string> split_statements(std::string_view sql) {
  std::vector<std::string> out;
  std::size_t start = 0;
  auto flush = [&](std::size_t end) {
    const std::string_view s = trim_blanks(sql.substr(start, end - start));
    if (!s.empty())
      out.emplace_back(s);
  };
  for (std::size_t i = 0; i < sql.size();) {
    if (const std::size_t end = skip_quoted(sql, i); end != i) {
      i = end;
      continue;
    }
    if (sql[i] == ';') {
      flush(i);
      start = i + 1;
    }
    ++i;
  }
  flush(sql.size());
  return out;
}

std::string join_statements(const std::vector<std::string>& statements) {
  std::string out;
  for (const std::string& s : statements) {
    out += s;
    out += ";\n";
  }
  return out;
}

Names names_in(const std::vector<std::string>& statements) {
  std::set<std::string> relations;
  std::set<std::string> words;
  for (const std::string& s : statements) {
    const std::vector<Word> ws = words_of(s);
    for (std::size_t i = 0; i < ws.size(); ++i) {
      if (!is_name(ws[i]))
        continue;
      // The name after TABLE (IF NOT EXISTS, ONLY, CONCURRENTLY skipped: they are keywords).
      std::size_t k = i;
      while (k > 0 && keywords().contains(ws[k - 1].lower) && !is_relation_keyword(ws[k - 1].lower))
        --k;
      if (k > 0 && is_relation_keyword(ws[k - 1].lower))
        relations.insert(ws[i].lower);
      else
        words.insert(ws[i].lower);
    }
  }
  Names names;
  names.relations.assign(relations.begin(), relations.end());
  names.words.assign(words.begin(), words.end());
  return names;
}

std::string nest_expression(const std::string& statement, int depth, Random& random) {
  static constexpr std::array<std::string_view, 24> kWrappers = {
      "(%)",
      "(% + 1)",
      "coalesce(%, 0)",
      "CASE WHEN % IS NULL THEN 0 ELSE 1 END",
      "(%)::text",
      "CAST(% AS bigint)",
      "lower(%)",
      "(SELECT %)",
      "% COLLATE \"C\"",
      "% AT TIME ZONE 'UTC'",
      "ARRAY[%]",
      "-(%)",
      "NOT (%)",
      "now()",
      "random()",
      "clock_timestamp()",
      "gen_random_uuid()",
      "nullif(%, 1)",
      "(% BETWEEN 0 AND 10)",
      "ROW(%, 1)",
      "(% || 'x')",
      "greatest(%, 2)",
      "(% IS DISTINCT FROM NULL)",
      "jsonb_build_object('k', %)",
  };
  // Literals and names where a value goes: after =, DEFAULT, WHERE, THEN, an operator...
  const std::vector<Word> ws = words_of(statement);
  std::vector<const Word*> spots;
  for (std::size_t i = 0; i < ws.size(); ++i) {
    const Word& w = ws[i];
    const bool literal = w.lower == "'" || std::isdigit(static_cast<unsigned char>(w.lower[0]));
    const char before = w.begin > 0 ? statement[w.begin - 1] : ' ';
    const bool after_value_keyword =
        i > 0 && (ws[i - 1].lower == "default" || ws[i - 1].lower == "where" ||
                  ws[i - 1].lower == "then" || ws[i - 1].lower == "else" ||
                  ws[i - 1].lower == "when" || ws[i - 1].lower == "and" || ws[i - 1].lower == "or");
    if (literal || after_value_keyword || (is_name(w) && (before == '=' || before == '>')))
      spots.push_back(&w);
  }
  if (spots.empty())
    return statement;
  const Word& spot = *spots[random() % spots.size()];
  std::string inner = statement.substr(spot.begin, spot.end - spot.begin);
  for (int d = 0; d < depth; ++d) {
    const std::string_view wrapper = kWrappers[random() % kWrappers.size()];
    const std::size_t hole = wrapper.find('%');
    if (hole == std::string_view::npos) {
      inner = std::string(wrapper);
      continue;
    }
    inner = std::string(wrapper.substr(0, hole)) + inner + std::string(wrapper.substr(hole + 1));
  }
  return statement.substr(0, spot.begin) + inner + statement.substr(spot.end);
}

std::string rename_relation(const std::string& statement, const Names& names, Random& random) {
  if (names.relations.size() < 2)
    return statement;
  std::vector<Word> found;
  for (Word& w : words_of(statement))
    if (std::binary_search(names.relations.begin(), names.relations.end(), w.lower))
      found.push_back(std::move(w));
  if (found.empty())
    return statement;
  const Word& w = found[random() % found.size()];
  const std::string& other = names.relations[random() % names.relations.size()];
  return statement.substr(0, w.begin) + other + statement.substr(w.end);
}

} // namespace pgdrydock::fuzz
