// prefer-timestamptz: a new timestamp (without time zone) column. It stores a wall-clock
// reading with no zone: what it means depends on the zone of whoever wrote it, comparisons
// across a daylight-saving change or between servers in different zones are wrong, and
// converting to timestamptz later rewrites the table unless the session runs in UTC on
// PostgreSQL 12+. Only new columns are judged (rules/new_columns.h).
#include <fmt/format.h>

#include "lint/rule.h"
#include "rules/new_columns.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

class PreferTimestamptz : public rules::NewColumnRule {
public:
  std::string_view id() const override { return "prefer-timestamptz"; }
  Severity default_severity() const override { return Severity::Warning; }
  std::string_view summary() const override {
    return "A new timestamp without time zone column: a wall-clock time with no zone";
  }

protected:
  void check_column(const RuleInput& in, const rules::NewColumn& column,
                    FindingSink& out) const override {
    Node type_name = column.def["typeName"];
    if (rules::base_type_name(type_name) != "timestamp")
      return;
    std::string name(column.def.str("colname"));
    std::string precision;
    if (std::vector<Node> mods = type_name.list("typmods"); !mods.empty())
      if (Node p = mods.front().as("A_Const"))
        precision = fmt::format("({})", p["ival"].integer("ival", 0));
    std::string array = type_name.list("arrayBounds").empty() ? "" : "[]";
    out.add(finding(
        in,
        "column \"" + name + "\" of table \"" + column.shown +
            "\" is timestamp without time zone: it stores a wall-clock reading whose meaning "
            "depends on the writer's time zone, and converting it to timestamptz later "
            "rewrites the table (unless the session's time zone is UTC, on PostgreSQL 12+)",
        fmt::format("Store an instant:\n  {} timestamptz{}{}\n(timestamptz stores UTC and "
                    "converts on display; it takes the same 8 bytes.)",
                    name, precision, array)));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(PreferTimestamptz)
} // namespace pgdrydock
