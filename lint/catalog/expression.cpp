#include "lint/catalog/expression.h"

#include <algorithm>
#include <cctype>

#include <simdjson.h>

#include "lint/support/text.h"

namespace pgdrydock {
namespace {

std::string quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += '\'';
    out += c;
  }
  return out + "'";
}

// Appends instead of `"(" + inner + ")"`: GCC 12 at -O2 reports a false -Wrestrict overlap for
// a one-character literal prepended to a temporary string (GCC bug 105329).
std::string enclosed(std::string_view open, const std::string& inner, std::string_view close) {
  std::string out;
  out.reserve(open.size() + inner.size() + close.size());
  out.append(open).append(inner).append(close);
  return out;
}

std::string integer_at(std::string_view source, std::int64_t location) {
  if (location < 0 || static_cast<std::size_t>(location) >= source.size())
    return "0";
  std::size_t i = static_cast<std::size_t>(location);
  std::string out;
  if (source[i] == '-') {
    out += '-';
    ++i;
    while (i < source.size() && std::isspace(static_cast<unsigned char>(source[i])))
      ++i;
  }
  while (i < source.size() && std::isdigit(static_cast<unsigned char>(source[i])))
    out += source[i++];
  return out.empty() || out == "-" ? "0" : out;
}

std::string render(const Node& n, std::string_view src);

std::string render_list(const std::vector<Node>& items, std::string_view src) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty())
      out += ",";
    out += render(i, src);
  }
  return out;
}

std::string render_const(const Node& c, std::string_view src) {
  if (c.boolean("isnull"))
    return "null";
  if (Node v = c["ival"])
    return v.has("ival") ? std::to_string(v.integer("ival"))
                         : integer_at(src, c.integer("location", -1));
  if (Node v = c["fval"])
    return std::string(v.str("fval"));
  if (Node v = c["sval"])
    return quoted(v.str("sval"));
  if (Node v = c["boolval"])
    return v.boolean("boolval") ? "true" : "false";
  if (Node v = c["bsval"])
    return std::string(v.str("bsval"));
  return "?";
}

std::string function_name(const Node& f) {
  auto names = f.names("funcname");
  if (names.empty())
    return "?";
  return lowercase_ascii(names.back());
}

std::string render(const Node& n, std::string_view src) {
  if (!n)
    return "";
  std::string_view k = n.kind();
  Node b = n.body();
  if (k == "A_Const")
    return render_const(b, src);
  if (k == "TypeCast") {
    // A cast of a string literal is how PostgreSQL prints typed constants: keep the value.
    return render(b["arg"], src);
  }
  if (k == "ColumnRef") {
    std::string out;
    for (const Node& f : b.list("fields")) {
      if (!out.empty())
        out += ".";
      out += f.kind() == "A_Star" ? std::string("*") : std::string(f.sval());
    }
    return out;
  }
  if (k == "FuncCall") {
    if (b.boolean("agg_star"))
      return function_name(b) + "(*)";
    return function_name(b) + "(" + render_list(b.list("args"), src) + ")";
  }
  if (k == "SQLValueFunction") {
    std::string op(b.str("op"));
    if (op.rfind("SVFOP_", 0) == 0)
      op = op.substr(6);
    return lowercase_ascii(op);
  }
  if (k == "A_Expr") {
    std::string kind(b.str("kind"));
    auto names = b.names("name");
    std::string op = names.empty() ? "?" : lowercase_ascii(names.back());
    if (kind == "AEXPR_IN") {
      return render(b["lexpr"], src) + (op == "<>" ? " not in " : " in ") + "(" +
             render_list(b["rexpr"]["List"].list("items"), src) + ")";
    }
    if (kind == "AEXPR_BETWEEN" || kind == "AEXPR_NOT_BETWEEN") {
      auto items = b["rexpr"]["List"].list("items");
      std::string l = render(b["lexpr"], src);
      // PostgreSQL stores BETWEEN as two comparisons.
      if (items.size() == 2)
        return l + " >= " + render(items[0], src) + " and " + l + " <= " + render(items[1], src);
    }
    std::string l = b.has("lexpr") ? render(b["lexpr"], src) + " " : "";
    return l + op + " " + render(b["rexpr"], src);
  }
  if (k == "BoolExpr") {
    std::string op(b.str("boolop"));
    auto args = b.list("args");
    if (op == "NOT_EXPR")
      return "not " + (args.empty() ? std::string() : render(args[0], src));
    std::string sep = op == "AND_EXPR" ? " and " : " or ";
    std::string out;
    for (const auto& a : args) {
      if (!out.empty())
        out += sep;
      out += render(a, src);
    }
    return out;
  }
  if (k == "NullTest")
    return render(b["arg"], src) +
           (b.str("nulltesttype") == "IS_NOT_NULL" ? " is not null" : " is null");
  if (k == "List")
    return enclosed("(", render_list(b.list("items"), src), ")");
  if (k == "A_ArrayExpr")
    return enclosed("array[", render_list(b.list("elements"), src), "]");
  if (k == "CoalesceExpr")
    return enclosed("coalesce(", render_list(b.list("args"), src), ")");
  if (k == "String")
    return std::string(b.str("sval"));
  // Anything else: its kind, so two different unknown shapes still compare as different.
  return lowercase_ascii(k) + "(...)";
}

void collect_columns(simdjson::dom::element e, std::vector<std::string>& out) {
  if (e.is_object()) {
    for (auto [key, value] : e.get_object()) {
      if (key == "ColumnRef") {
        Node ref(value);
        auto fields = ref.list("fields");
        if (!fields.empty() && fields.back().kind() == "String") {
          std::string name(fields.back().sval());
          if (std::find(out.begin(), out.end(), name) == out.end())
            out.push_back(name);
        }
        continue;
      }
      collect_columns(value, out);
    }
  } else if (e.is_array()) {
    for (auto v : e.get_array())
      collect_columns(v, out);
  }
}

} // namespace

std::string expression_text(const Node& expr, std::string_view source) {
  return normalize_expression_sql(render(expr, source));
}

std::string normalize_expression_sql(std::string_view sql) {
  std::string out;
  std::size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\'') { // a string literal is kept as it is
      std::size_t j = i + 1;
      while (j < sql.size()) {
        if (sql[j] == '\'' && j + 1 < sql.size() && sql[j + 1] == '\'') {
          j += 2;
          continue;
        }
        if (sql[j] == '\'')
          break;
        ++j;
      }
      out.append(sql.substr(i, j + 1 - i));
      i = j + 1;
      continue;
    }
    if (c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {
      // Drop the cast: the type name (words, dots, quotes, spaces between type words, an
      // optional (n,m) and [] suffixes).
      i += 2;
      while (i < sql.size()) {
        char d = sql[i];
        if (std::isalnum(static_cast<unsigned char>(d)) || d == '_' || d == '.' || d == '"' ||
            d == '[' || d == ']') {
          ++i;
        } else if (d == ' ' && i + 1 < sql.size() &&
                   std::isalpha(static_cast<unsigned char>(sql[i + 1]))) {
          // "character varying", "time zone": continue only through known type words.
          std::size_t j = i + 1;
          while (j < sql.size() && std::isalpha(static_cast<unsigned char>(sql[j])))
            ++j;
          std::string word = lowercase_ascii(sql.substr(i + 1, j - i - 1));
          if (word == "varying" || word == "precision" || word == "with" || word == "without" ||
              word == "time" || word == "zone")
            i = j;
          else
            break;
        } else if (d == '(' && i > 0) {
          std::size_t j = sql.find(')', i);
          if (j == std::string_view::npos)
            break;
          bool digits = true;
          for (std::size_t x = i + 1; x < j; ++x)
            if (!std::isdigit(static_cast<unsigned char>(sql[x])) && sql[x] != ',')
              digits = false;
          if (!digits)
            break;
          i = j + 1;
        } else {
          break;
        }
      }
      continue;
    }
    if (c == '"') {
      ++i;
      continue;
    }
    if (c == '(' || c == ')' || std::isspace(static_cast<unsigned char>(c))) {
      out += ' ';
      ++i;
      continue;
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ++i;
  }
  for (std::string from : {"pg_catalog."}) {
    for (std::size_t p; (p = out.find(from)) != std::string::npos;)
      out.erase(p, from.size());
  }
  // Spaces only where they separate two words: "lower c0", "c0 is not null", "qty>0".
  auto word = [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '$' ||
           (static_cast<unsigned char>(ch) & 0x80);
  };
  std::string compact;
  for (std::size_t j = 0; j < out.size(); ++j) {
    if (out[j] != ' ') {
      compact += out[j];
      continue;
    }
    std::size_t k = j;
    while (k < out.size() && out[k] == ' ')
      ++k;
    if (!compact.empty() && k < out.size() && word(compact.back()) && word(out[k]))
      compact += ' ';
    j = k - 1;
  }
  return compact;
}

namespace {
bool word_char(char ch) {
  return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '$' ||
         (static_cast<unsigned char>(ch) & 0x80);
}
std::size_t find_word(const std::string& text, const std::string& word, std::size_t from) {
  for (std::size_t p = text.find(word, from); p != std::string::npos; p = text.find(word, p + 1)) {
    bool before = p == 0 || !word_char(text[p - 1]);
    bool after = p + word.size() >= text.size() || !word_char(text[p + word.size()]);
    if (before && after)
      return p;
  }
  return std::string::npos;
}
} // namespace

std::string rename_in_expression(const std::string& expr, const std::string& from,
                                 const std::string& to) {
  std::string out = expr;
  for (std::size_t p = find_word(out, from, 0); p != std::string::npos;
       p = find_word(out, from, p + to.size()))
    out.replace(p, from.size(), to);
  return out;
}

bool expression_mentions(const std::string& expr, const std::string& column) {
  return find_word(expr, column, 0) != std::string::npos;
}

bool is_expression_key(const std::string& key) {
  for (char ch : key)
    if (!word_char(ch))
      return true;
  return false;
}

std::vector<std::string> expression_columns(const Node& expr) {
  std::vector<std::string> out;
  if (expr)
    collect_columns(expr.raw(), out);
  return out;
}

std::string is_not_null_test(const Node& expr) {
  Node t = expr.as("NullTest");
  if (!t || t.str("nulltesttype") != "IS_NOT_NULL")
    return {};
  Node ref = t["arg"].as("ColumnRef");
  if (!ref)
    return {};
  auto fields = ref.list("fields");
  if (fields.size() != 1)
    return {};
  return std::string(fields[0].sval());
}

} // namespace pgdrydock
