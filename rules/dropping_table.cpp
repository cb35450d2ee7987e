// dropping-table: DROP TABLE of a table that existed before the migration. The data is gone
// for good, and the application version still running during the deploy fails on every query
// of the table from the moment the drop commits. A table created in this migration (or one
// it already dropped and re-created) is new and empty: dropping it is not reported.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lint/rule.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

class DroppingTable : public Rule {
public:
  std::string_view id() const override { return "dropping-table"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "DROP TABLE loses the data and breaks the application version still running";
  }
  std::vector<std::string_view> statement_kinds() const override { return {"DropStmt"}; }

  void check(const RuleInput& in, FindingSink& out) const override {
    if (in.context.direction == Direction::Down)
      return; // a down undoes its own up: what it drops or renames back is what the up made
    if (in.body.str("removeType") != "OBJECT_TABLE")
      return;
    std::vector<std::string> tables;
    for (const Node& object : in.body.list("objects")) {
      std::vector<std::string_view> parts = object.body().names("items");
      if (parts.empty() || !rules::is_existing(in.context, qualified_name(parts)))
        continue;
      std::string shown;
      for (std::string_view p : parts) {
        if (!shown.empty())
          shown += '.';
        shown += p;
      }
      tables.push_back(std::move(shown));
    }
    if (tables.empty())
      return;
    std::string names = fmt::format("\"{}\"", fmt::join(tables, "\", \""));
    bool cascade = in.body.str("behavior") == "DROP_CASCADE";
    out.add(finding(
        in,
        fmt::format("dropping table{} {} deletes {} data for good and breaks the application "
                    "version still running during the deploy: every query of {} fails once "
                    "the drop commits{}",
                    tables.size() > 1 ? "s" : "", names, tables.size() > 1 ? "their" : "its",
                    tables.size() > 1 ? "them" : "it",
                    cascade ? "; CASCADE also drops the views and foreign keys that depend on it"
                            : ""),
        fmt::format("Drop a table in two deploys:\n"
                    "  1. remove every use of {0} from the code and deploy;\n"
                    "  2. then, in a later migration (after a backup, or rename it first and "
                    "drop it once nothing broke):\n"
                    "     DROP TABLE {0};\n"
                    "When nothing uses it any more, silence this finding with "
                    "-- pgdrydock:ignore dropping-table <reason>.",
                    fmt::join(tables, ", "))));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(DroppingTable)
} // namespace pgdrydock
