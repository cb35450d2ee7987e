#include "simulate/seed/seeder_checks.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "lint/support/text.h"

namespace pgdrydock {

namespace {

// True when the opening parenthesis at 0 closes at the very end ("(a) AND (b)" is not).
bool wrapped_in_parentheses(const std::string& text) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')')
    return false;
  int depth = 0;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\'')
      quoted = !quoted;
    if (quoted)
      continue;
    if (c == '(')
      ++depth;
    if (c == ')' && --depth == 0 && i + 1 != text.size())
      return false;
  }
  return true;
}

std::string strip_parentheses(std::string text) {
  text = trimmed_blanks(text);
  while (wrapped_in_parentheses(text))
    text = trimmed_blanks(std::string_view(text).substr(1, text.size() - 2));
  return text;
}

// Removes trailing casts, repeatedly: "('1'::numeric)::double precision" -> "'1'".
std::string strip_casts(std::string text) {
  for (;;) {
    text = strip_parentheses(text);
    bool quoted = false;
    int depth = 0;
    size_t cast = std::string::npos;
    for (size_t i = 0; i + 1 < text.size(); ++i) {
      const char c = text[i];
      if (c == '\'')
        quoted = !quoted;
      if (quoted)
        continue;
      if (c == '(')
        ++depth;
      if (c == ')')
        --depth;
      if (depth == 0 && c == ':' && text[i + 1] == ':')
        cast = i;
    }
    if (cast == std::string::npos)
      return text;
    text = text.substr(0, cast);
  }
}

// Visits each position of text that lies outside quotes, parentheses and brackets. visit(i)
// returns where to go on from (i + 1 to continue), or npos to stop.
template <typename Visit> void walk_top_level(const std::string& text, Visit visit) {
  int depth = 0;
  bool quoted = false;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\'')
      quoted = !quoted;
    if (quoted) {
      ++i;
      continue;
    }
    if (c == '(' || c == '[')
      ++depth;
    if (c == ')' || c == ']')
      --depth;
    i = depth == 0 ? visit(i) : i + 1;
    if (i == std::string::npos)
      return;
  }
}

// Splits on a top-level keyword (" AND "), outside quotes and parentheses.
std::vector<std::string> split_top_level(const std::string& text, std::string_view separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  walk_top_level(text, [&](size_t i) {
    if (text.compare(i, separator.size(), separator) != 0)
      return i + 1;
    parts.push_back(text.substr(start, i - start));
    start = i + separator.size();
    return start;
  });
  parts.push_back(text.substr(start));
  return parts;
}

// A literal's text: "'a''b'" -> a'b, "(- 5)" -> -5, "12" -> 12. Empty optional if not a literal.
std::optional<std::string> literal_text(const std::string& expression) {
  std::string text = strip_casts(expression);
  if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'') {
    std::string value;
    for (size_t i = 1; i + 1 < text.size(); ++i) {
      value += text[i];
      if (text[i] == '\'')
        ++i; // '' stands for one quote
    }
    return value;
  }
  text.erase(std::remove(text.begin(), text.end(), ' '), text.end());
  if (text.empty())
    return std::nullopt;
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size())
    return std::nullopt;
  return text;
}

std::optional<double> number(const std::string& literal) {
  char* end = nullptr;
  const double value = std::strtod(literal.c_str(), &end);
  if (literal.empty() || end != literal.c_str() + literal.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

// A column reference: `price`, `(status)::text`, `"Weird Name"`.
std::optional<std::string> column_name(const std::string& expression) {
  const std::string text = strip_casts(expression);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    std::string name;
    for (size_t i = 1; i + 1 < text.size(); ++i) {
      name += text[i];
      if (text[i] == '"')
        ++i;
    }
    return name;
  }
  if (text.empty() || !(std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_'))
    return std::nullopt;
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'))
      return std::nullopt;
  return text;
}

// "ANY ((ARRAY['a'::text, 'b'::text])::text[])" -> {a, b}.
std::optional<std::vector<std::string>> array_literals(const std::string& expression) {
  const auto open = expression.find("ARRAY[");
  const auto close = expression.rfind(']');
  if (open == std::string::npos || close == std::string::npos || close < open)
    return std::nullopt;
  std::vector<std::string> values;
  const std::string inner = expression.substr(open + 6, close - open - 6);
  for (const auto& element : split_top_level(inner, ",")) {
    const auto value = literal_text(element);
    if (!value)
      return std::nullopt;
    values.push_back(*value);
  }
  return values;
}

struct Comparison {
  std::string left;
  std::string op;
  std::string right;
};

std::optional<Comparison> split_comparison(const std::string& term) {
  static const char* const operators[] = {">=", "<=", "<>", "!=", "=", ">", "<"};
  std::optional<Comparison> found;
  walk_top_level(term, [&](size_t i) {
    for (const char* op : operators) {
      const std::string_view candidate(op);
      if (term.compare(i, candidate.size(), candidate) == 0) {
        found = Comparison{trimmed_blanks(term.substr(0, i)), std::string(candidate),
                           trimmed_blanks(term.substr(i + candidate.size()))};
        return std::string::npos;
      }
    }
    return i + 1;
  });
  return found;
}

// The comparison read from the column's side: "5 < x" is "x > 5".
std::string mirrored(const std::string& op) {
  if (op == ">")
    return "<";
  if (op == "<")
    return ">";
  if (op == ">=")
    return "<=";
  if (op == "<=")
    return ">=";
  return op;
}

bool apply_bound(ColumnRestriction& r, const std::string& op, double value) {
  if (op == ">" || op == ">=") {
    r.lower = value;
    r.lower_strict = op == ">";
  } else if (op == "<" || op == "<=") {
    r.upper = value;
    r.upper_strict = op == "<";
  } else {
    return false;
  }
  return true;
}

bool apply_length(ColumnRestriction& r, const std::string& op, double value) {
  const auto n = static_cast<long long>(value);
  if (op == "<=")
    r.max_length = n;
  else if (op == "<")
    r.max_length = n - 1;
  else if (op == ">=")
    r.min_length = n;
  else if (op == ">")
    r.min_length = n + 1;
  else if (op == "=")
    r.min_length = r.max_length = n;
  else
    return false;
  return true;
}

bool parse_term(const std::string& raw_term, std::map<std::string, ColumnRestriction>& out,
                const std::string& value_column) {
  const std::string term = strip_parentheses(raw_term);
  auto resolve = [&](const std::string& name) {
    return (name == "VALUE" && !value_column.empty()) ? value_column : name;
  };
  constexpr std::string_view not_null = " IS NOT NULL";
  if (term.size() > not_null.size() &&
      term.compare(term.size() - not_null.size(), not_null.size(), not_null) == 0)
    return column_name(term.substr(0, term.size() - not_null.size())).has_value();

  const auto comparison = split_comparison(term);
  if (!comparison)
    return false;
  std::string left = comparison->left;
  std::string op = comparison->op == "!=" ? "<>" : comparison->op;
  std::string right = comparison->right;

  // IN (...) and NOT IN (...).
  if (right.rfind("ANY", 0) == 0 || right.rfind("ALL", 0) == 0) {
    const auto column = column_name(left);
    const auto values = array_literals(right);
    if (!column || !values)
      return false;
    ColumnRestriction r;
    if (op == "=" && right.rfind("ANY", 0) == 0)
      r.allowed = *values;
    else if (op == "<>" && right.rfind("ALL", 0) == 0)
      r.excluded = *values;
    else
      return false;
    out[resolve(*column)].intersect(r);
    return true;
  }

  if (!column_name(left) && column_name(right) && literal_text(left)) {
    std::swap(left, right);
    op = mirrored(op);
  }
  const auto literal = literal_text(right);
  if (!literal)
    return false;

  // length(col) <op> n, char_length, character_length, octet_length.
  for (std::string_view function :
       {"length(", "char_length(", "character_length(", "octet_length("}) {
    const std::string stripped = strip_parentheses(left);
    if (stripped.rfind(function, 0) == 0 && stripped.back() == ')') {
      const auto column =
          column_name(stripped.substr(function.size(), stripped.size() - function.size() - 1));
      const auto n = number(*literal);
      ColumnRestriction r;
      if (!column || !n || !apply_length(r, op, *n))
        return false;
      out[resolve(*column)].intersect(r);
      return true;
    }
  }

  const auto column = column_name(left);
  if (!column)
    return false;
  ColumnRestriction r;
  if (op == "=") {
    r.allowed = {*literal};
  } else if (op == "<>") {
    if (literal->empty())
      r.min_length = 1;
    else
      r.excluded = {*literal};
  } else {
    const auto n = number(*literal);
    if (!n || !apply_bound(r, op, *n))
      return false;
  }
  out[resolve(*column)].intersect(r);
  return true;
}

} // namespace

void ColumnRestriction::intersect(const ColumnRestriction& other) {
  if (other.lower &&
      (!lower || *other.lower > *lower || (*other.lower == *lower && other.lower_strict))) {
    lower = other.lower;
    lower_strict = other.lower_strict;
  }
  if (other.upper &&
      (!upper || *other.upper < *upper || (*other.upper == *upper && other.upper_strict))) {
    upper = other.upper;
    upper_strict = other.upper_strict;
  }
  if (!other.allowed.empty()) {
    if (allowed.empty()) {
      allowed = other.allowed;
    } else {
      std::vector<std::string> both;
      for (const auto& value : allowed)
        if (std::find(other.allowed.begin(), other.allowed.end(), value) != other.allowed.end())
          both.push_back(value);
      // An empty intersection cannot be expressed as "no list"; keep an impossible marker.
      allowed = both.empty() ? std::vector<std::string>{} : both;
      if (both.empty())
        max_length = -1;
    }
  }
  excluded.insert(excluded.end(), other.excluded.begin(), other.excluded.end());
  if (other.min_length && (!min_length || *other.min_length > *min_length))
    min_length = other.min_length;
  if (other.max_length && (!max_length || *other.max_length < *max_length))
    max_length = other.max_length;
}

bool parse_check_constraint(const std::string& definition,
                            std::map<std::string, ColumnRestriction>& restrictions,
                            const std::string& value_column) {
  std::string body = trimmed_blanks(definition);
  constexpr std::string_view not_valid = " NOT VALID";
  if (body.size() > not_valid.size() &&
      body.compare(body.size() - not_valid.size(), not_valid.size(), not_valid) == 0)
    body.resize(body.size() - not_valid.size());
  constexpr std::string_view check = "CHECK ";
  if (body.rfind(check, 0) != 0)
    return false;
  body = strip_parentheses(body.substr(check.size()));
  bool understood = true;
  for (const auto& term : split_top_level(body, " AND "))
    understood = parse_term(term, restrictions, value_column) && understood;
  return understood;
}

} // namespace pgdrydock
