#include "lint/plpgsql_body.h"

#include <algorithm>
#include <optional>
#include <string>

#include <simdjson.h>

#include "lint/support/text.h"

namespace pgdrydock {
namespace {

// One statement of the body as PL/pgSQL's parser gives it: its first line in the body (1-based)
// and its SQL text (or, for an EXECUTE, the expression that yields the SQL).
struct BodyItem {
  int lineno = 1;
  std::string text;
  bool execute = false; // text is an expression that EXECUTE evaluates
};

std::string expr_query(const Node& holder, std::string_view field) {
  return std::string(holder[field]["PLpgSQL_expr"].str("query"));
}

void take_statement(std::string_view kind, const Node& stmt, std::vector<BodyItem>& out) {
  int lineno = static_cast<int>(stmt.integer("lineno", 1));
  if (kind == "PLpgSQL_stmt_execsql") {
    out.push_back({lineno, expr_query(stmt, "sqlstmt"), false});
  } else if (kind == "PLpgSQL_stmt_perform") {
    out.push_back({lineno, expr_query(stmt, "expr"), false}); // PERFORM x runs SELECT x
  } else if (kind == "PLpgSQL_stmt_dynexecute" || kind == "PLpgSQL_stmt_dynfors") {
    out.push_back({lineno, expr_query(stmt, "query"), true});
  } else if (kind == "PLpgSQL_stmt_return_query" || kind == "PLpgSQL_stmt_open") {
    if (stmt.has("dynquery"))
      out.push_back({lineno, expr_query(stmt, "dynquery"), true});
  } else if (kind == "PLpgSQL_stmt_commit" || kind == "PLpgSQL_stmt_rollback") {
    // Transaction control in a DO block (PostgreSQL 11+) ends the transaction as at top level.
    std::string sql = kind == "PLpgSQL_stmt_commit" ? "COMMIT" : "ROLLBACK";
    out.push_back({lineno, stmt.boolean("chain") ? sql + " AND CHAIN" : sql, false});
  }
}

// Every statement at any depth: IF branches, loop bodies, nested blocks, exception handlers.
// Recursion follows the JSON's nesting, which simdjson bounds (its max depth).
void collect(simdjson::dom::element e, std::vector<BodyItem>& out) {
  simdjson::dom::array array;
  if (e.get_array().get(array) == simdjson::SUCCESS) {
    for (simdjson::dom::element child : array)
      collect(child, out);
    return;
  }
  simdjson::dom::object object;
  if (e.get_object().get(object) != simdjson::SUCCESS)
    return;
  for (auto field : object) {
    if (field.key.starts_with("PLpgSQL_stmt_"))
      take_statement(field.key, Node(field.value), out);
    collect(field.value, out);
  }
}

// The string an EXECUTE expression always yields: a string constant or a `||` chain of them
// (the parser has already decoded quotes, E'' escapes and dollar quotes). Nothing otherwise.
std::optional<std::string> constant_value(const Node& expr) {
  if (Node c = expr.as("A_Const")) {
    if (!c.has("sval"))
      return std::nullopt;
    return std::string(c["sval"].str("sval"));
  }
  Node op = expr.as("A_Expr");
  if (!op || op.str("kind") != "AEXPR_OP" ||
      op.names("name") != std::vector<std::string_view>{"||"})
    return std::nullopt;
  std::optional<std::string> left = constant_value(op["lexpr"]);
  if (!left)
    return std::nullopt;
  std::optional<std::string> right = constant_value(op["rexpr"]);
  if (!right)
    return std::nullopt;
  return *left + *right;
}

std::optional<std::string> constant_sql(std::string_view expression, ParseSession& parser) {
  ParseResult parsed = parser.parse("SELECT " + std::string(expression));
  if (!parsed)
    return std::nullopt;
  Node select = parsed->as("SelectStmt");
  if (!select || select.has("fromClause"))
    return std::nullopt;
  std::vector<Node> targets = select.list("targetList");
  if (targets.size() != 1)
    return std::nullopt;
  return constant_value(targets.front().as("ResTarget")["val"]);
}

// Where the body is written in the file, and where each statement of it is.
class BodyPlacer {
public:
  BodyPlacer(const Statement& outer, std::size_t content_begin, std::string_view raw, bool verbatim)
      : outer_(outer), base_(content_begin), raw_(raw), verbatim_(verbatim) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < raw_.size(); ++i)
      if (raw_[i] == '\n')
        line_starts_.push_back(i + 1);
    if (verbatim_)
      directives_ = ignore_directives_in(*outer_.file, base_, base_ + raw_.size());
  }

  // A statement whose first token is on body line `lineno`: its exact bytes when `sql` is
  // written there verbatim (found at most `slack` lines lower), its own text otherwise.
  Statement place(std::string sql, int lineno, int slack) {
    Statement st;
    st.file = outer_.file;
    st.index = outer_.index;
    st.inside_do_line = outer_.location.line;
    std::size_t line = line_index(lineno);
    std::size_t from = std::max(line_starts_[line], cursor_);
    // Only a match that starts by the end of line + slack counts: searching no further keeps a
    // body of many statements that are not written verbatim (INTO cut out) linear.
    std::size_t last_line = line + static_cast<std::size_t>(slack) + 1;
    std::size_t window_end =
        last_line < line_starts_.size() ? line_starts_[last_line] : raw_.size();
    std::size_t at = std::string_view::npos;
    if (verbatim_ && !sql.empty() && from < window_end)
      at = raw_.substr(0, std::min(raw_.size(), window_end + sql.size())).find(sql, from);
    if (at != std::string_view::npos && at < window_end) {
      st.begin = base_ + at;
      st.end = st.begin + sql.size();
      cursor_ = at + sql.size();
    } else {
      st.begin = st.end = line_begin(line);
      st.own_text = std::make_shared<const std::string>(std::move(sql));
    }
    st.location = where(st.begin);
    st.ignores = outer_.ignores;
    int first = st.location.line;
    int last = first + static_cast<int>(std::count(st.text().begin(), st.text().end(), '\n'));
    for (const IgnoreDirective& d : directives_)
      if (d.line >= first - 1 && d.line <= last)
        st.ignores.push_back(d);
    return st;
  }

  // The first non-blank character of body line `lineno`.
  SourceLocation line_location(int lineno) const { return where(line_begin(line_index(lineno))); }

  // Where PL/pgSQL's message points ("at or near \"X\""): the first X in the body, else the
  // DO statement (libpg_query reports no position for PL/pgSQL errors).
  SourceLocation error_location(std::string_view message) const {
    constexpr std::string_view kNear = "at or near \"";
    std::size_t near = message.find(kNear);
    if (near != std::string_view::npos && base_ != kUnplaced) {
      std::string_view token = message.substr(near + kNear.size());
      token = token.substr(0, token.rfind('"'));
      if (std::size_t at = raw_.find(token); !token.empty() && at != std::string_view::npos)
        return outer_.file->location(base_ + at);
    }
    return outer_.location;
  }

  static constexpr std::size_t kUnplaced = static_cast<std::size_t>(-1);

private:
  std::size_t line_index(int lineno) const {
    std::size_t line = lineno > 0 ? static_cast<std::size_t>(lineno - 1) : 0;
    return std::min(line, line_starts_.size() - 1);
  }
  std::size_t line_begin(std::size_t line) const {
    if (base_ == kUnplaced)
      return outer_.begin;
    std::size_t at = line_starts_[line];
    while (at < raw_.size() && (raw_[at] == ' ' || raw_[at] == '\t'))
      ++at;
    return base_ + at;
  }
  SourceLocation where(std::size_t offset) const {
    return base_ == kUnplaced ? outer_.location : outer_.file->location(offset);
  }

  const Statement& outer_;
  std::size_t base_; // file offset of the body's first byte, or kUnplaced
  std::string_view raw_;
  bool verbatim_;
  std::vector<std::size_t> line_starts_; // offsets into raw_
  std::size_t cursor_ = 0;               // past the last statement placed verbatim
  std::vector<IgnoreDirective> directives_;
};

struct DoBody {
  std::string source;         // the body as PostgreSQL reads it (quotes decoded)
  std::int64_t location = -1; // of the string literal in the DO statement
  bool plpgsql = true;
};

DoBody read_do_statement(const Node& do_root) {
  DoBody body;
  for (const Node& arg : do_root.as("DoStmt").list("args")) {
    Node def = arg.as("DefElem");
    if (def.str("defname") == "language")
      body.plpgsql = lowercase_ascii(def["arg"].sval()) == "plpgsql";
    else if (def.str("defname") == "as") {
      body.source = std::string(def["arg"].sval());
      body.location = def.integer("location", -1);
    }
  }
  return body;
}

// Where the body's text starts in the file: after the literal's opening quote or dollar tag.
// `raw` is the file from there (the body itself when it is written verbatim: a dollar-quoted or
// escape-free body; else only its lines match, as '' keeps the line breaks).
BodyPlacer locate_body(const Statement& outer, const DoBody& body) {
  std::string_view text = outer.text();
  if (outer.own_text || body.location < 0 || static_cast<std::size_t>(body.location) >= text.size())
    return BodyPlacer(outer, BodyPlacer::kUnplaced, {}, false);
  std::size_t at = static_cast<std::size_t>(body.location);
  if (text[at] == '$')
    at = text.find('$', at + 1);
  else if (text[at] == 'E' || text[at] == 'e')
    ++at;
  if (at == std::string_view::npos)
    return BodyPlacer(outer, BodyPlacer::kUnplaced, {}, false);
  ++at;
  std::string_view raw = text.substr(at);
  bool verbatim = raw.starts_with(body.source);
  return BodyPlacer(outer, outer.begin + at, verbatim ? raw.substr(0, body.source.size()) : raw,
                    verbatim);
}

// The CREATE FUNCTION that libpg_query's PL/pgSQL parser takes, with the body starting on its
// first line so that PL/pgSQL's line numbers are the body's.
std::string as_function(const std::string& body) {
  // A dollar-quote tag the body does not hold. (Grown at the end, not by insert(): GCC 12 at -O3
  // reports a false -Wrestrict for string::insert here.)
  std::string name = "pgdrydock_do";
  while (body.find("$" + name + "$") != std::string::npos)
    name += '_';
  const std::string tag = "$" + name + "$";
  return "CREATE FUNCTION pgdrydock_do() RETURNS void LANGUAGE plpgsql AS " + tag + body + tag;
}

} // namespace

DoBlockContents do_block_contents(const Statement& do_statement, const Node& do_root,
                                  ParseSession& parser) {
  DoBlockContents out;
  DoBody body = read_do_statement(do_root); // do_root is not read after this
  if (!body.plpgsql || trim_blanks(body.source).empty())
    return out;
  BodyPlacer placer = locate_body(do_statement, body);
  tl::expected<std::string, SyntaxError> json = parse_plpgsql(as_function(body.source));
  if (!json) {
    out.findings.push_back(
        Finding{std::string(kSyntaxErrorRule),
                Severity::Error,
                placer.error_location(json.error().message),
                "syntax error in the DO block's PL/pgSQL: " + json.error().message,
                {}});
    return out;
  }
  simdjson::dom::parser json_parser;
  simdjson::dom::element functions;
  if (json_parser.parse(*json).get(functions) != simdjson::SUCCESS) {
    out.findings.push_back(Finding{std::string(kSyntaxErrorRule),
                                   Severity::Error,
                                   do_statement.location,
                                   "DO block too deeply nested to analyse",
                                   {}});
    return out;
  }
  std::vector<BodyItem> items;
  collect(functions, items);
  // Body order (the JSON lists an IF's condition and a loop's query around its body).
  std::stable_sort(items.begin(), items.end(),
                   [](const BodyItem& a, const BodyItem& b) { return a.lineno < b.lineno; });
  for (BodyItem& item : items) {
    if (!item.execute) {
      out.statements.push_back(placer.place(std::move(item.text), item.lineno, 0));
      continue;
    }
    std::optional<std::string> sql = constant_sql(item.text, parser);
    if (!sql) { // SQL made at run time: one statement of kDynamicExecuteKind, never parsed
      out.statements.push_back(placer.place(std::move(item.text), item.lineno, 0));
      out.statements.back().dynamic_execute = true;
      continue;
    }
    // A constant string may hold several statements; the literal may start a line or two lower.
    constexpr int kLiteralSlack = 2;
    for (const StatementSpan& span : split_sql(*sql)) {
      Statement st =
          placer.place(sql->substr(span.begin, span.end - span.begin), item.lineno, kLiteralSlack);
      if (span.unparsable) {
        st.syntax_error = span.error;
        st.error_location = st.location;
      }
      out.statements.push_back(std::move(st));
    }
  }
  return out;
}

} // namespace pgdrydock
