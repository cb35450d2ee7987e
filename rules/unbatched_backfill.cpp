// unbatched-backfill: UPDATE or DELETE of a whole existing table inside a migration. One
// statement touches every row in one transaction: row locks on all of them until COMMIT (other
// writers of those rows wait), a table's worth of dead tuples and WAL at once, replicas lagging.
//
// Without statistics we cannot know how many rows a WHERE selects, so the rule reports the
// unmistakable whole-table shapes (see the doc): no WHERE; only IS [NOT] NULL / IS TRUE tests or
// bare boolean columns; <> and IS DISTINCT FROM; column = column joins; NOT; EXISTS or IN
// sub-queries without LIMIT. A column compared with a value, or a LIMITed sub-query (a batch),
// counts as a targeted change.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "lint/rule.h"
#include "lint/support/text.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

bool mentions_column(const Node& n) {
  return n.contains_key("ColumnRef");
}

// Does the condition restrict the statement to a part of the table, as far as its shape says?
bool is_selective(const Node& expr) {
  std::string_view kind = expr.kind();
  Node body = expr.body();
  if (kind == "BoolExpr") {
    std::vector<Node> args = body.list("args");
    std::string_view op = body.str("boolop");
    if (op == "AND_EXPR")
      return std::any_of(args.begin(), args.end(), is_selective);
    if (op == "OR_EXPR")
      return !args.empty() && std::all_of(args.begin(), args.end(), is_selective);
    return false; // NOT: the complement of a narrow condition is most of the table
  }
  if (kind == "NullTest" || kind == "BooleanTest" || kind == "ColumnRef" || kind == "A_Const")
    return false;
  if (kind == "A_Expr") {
    std::string_view akind = body.str("kind");
    if (akind == "AEXPR_DISTINCT")
      return false;
    std::vector<std::string_view> op = body.names("name");
    if (!op.empty() && (op.back() == "<>" || op.back() == "!="))
      return false;
    bool left = mentions_column(body["lexpr"]);
    bool right = mentions_column(body["rexpr"]);
    return left != right; // a column against a value; column = column is a join
  }
  if (kind == "SubLink") {
    Node select = body["subselect"].as("SelectStmt");
    return select && select.has("limitCount");
  }
  return true; // an unfamiliar shape: give it the benefit of the doubt
}

// The smallest "location" anywhere under e: where the condition's text starts.
// Splits the statement text into "what it does" and its WHERE condition, to write the batched
// version in the user's own words. Empty head when the text cannot be split safely.
struct Parts {
  std::string head;
  std::string condition;
};
Parts split_where(const RuleInput& in) {
  std::string_view text = in.statement.text();
  if (!in.body.list("returningList").empty())
    return {};
  Node where = in.body["whereClause"];
  if (!where)
    return {std::string(trim_blanks(text)), {}};
  const std::int64_t start = where.min_location(); // -1 when the condition has none
  if (start <= 0 || static_cast<std::size_t>(start) > text.size())
    return {};
  std::string lower(text.substr(0, static_cast<std::size_t>(start)));
  for (char& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::size_t kw = lower.rfind("where");
  if (kw == std::string::npos)
    return {};
  std::string condition = std::string(trim_blanks(text.substr(kw + 5)));
  return {std::string(trim_blanks(text.substr(0, kw))), condition};
}

class UnbatchedBackfill : public Rule {
public:
  std::string_view id() const override { return "unbatched-backfill"; }
  Severity default_severity() const override { return Severity::Warning; }
  std::string_view summary() const override {
    return "UPDATE or DELETE of a whole existing table in one statement inside a migration";
  }
  std::vector<std::string_view> statement_kinds() const override {
    return {"UpdateStmt", "DeleteStmt"};
  }

  void check(const RuleInput& in, FindingSink& out) const override {
    std::string table = qualified_name(in.body["relation"]);
    if (!rules::is_existing(in.context, table))
      return;
    Node where = in.body["whereClause"];
    if (where && is_selective(where))
      return;
    const char* verb = in.root.kind() == "UpdateStmt" ? "UPDATE" : "DELETE";
    std::string message = fmt::format(
        "{} of {} {} touches every row in one transaction: it holds row locks on all of them "
        "until it commits (other writers of those rows wait), leaves a table's worth of dead "
        "rows and WAL at once, and can run for minutes on a big table",
        verb, table, where ? "with a whole-table WHERE" : "without WHERE");

    Parts parts = split_where(in);
    std::string head = parts.head.empty() ? std::string(verb) + " ... " + table : parts.head;
    std::string extra = parts.condition.empty() ? "" : " AND (" + parts.condition + ")";
    std::string recipe = fmt::format(
        "Backfill in primary-key ranges outside the migration (a script or job), each batch its "
        "own short transaction:\n"
        "  {0} WHERE id >= 0 AND id < 10000{1};\n"
        "  {0} WHERE id >= 10000 AND id < 20000{1};\n"
        "  -- ... and so on up to (SELECT max(id) FROM {2}), committing after each batch.\n"
        "Use the table's primary key for id; keep only the schema change in the migration.",
        head, extra, table);
    out.add(finding(in, std::move(message), std::move(recipe)));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(UnbatchedBackfill)
} // namespace pgdrydock
