// dropping-column: ALTER TABLE ... DROP COLUMN on a table that existed before the migration.
// During a deploy the application version still running was built against the old schema: a
// query that names the column (or an INSERT that lists it, or an ORM that selects every mapped
// column) fails from the moment the drop commits. The drop itself is cheap (catalog only, under
// a short ACCESS EXCLUSIVE lock); the danger is the code, not the lock. A table created in this
// migration is new and empty: no running code knows it, so it is not reported.
#include <fmt/format.h>

#include "lint/rule.h"
#include "rules/altered_table.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

class DroppingColumn : public rules::AlterTableRule {
public:
  std::string_view id() const override { return "dropping-column"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "DROP COLUMN breaks the application version still running that reads or writes it";
  }

  void check_table(const RuleInput& in, const rules::AlteredTable& altered,
                   FindingSink& out) const override {
    if (in.context.direction == Direction::Down)
      return; // a down undoes its own up: what it drops or renames back is what the up made
    for (const Node& cmd : rules::commands_of(altered, "AT_DropColumn")) {
      std::string column(cmd.str("name"));
      bool cascade = cmd.str("behavior") == "DROP_CASCADE";
      std::string message = fmt::format(
          "dropping column \"{}\" of table \"{}\" breaks the application version still running "
          "during the deploy: every query, INSERT or ORM mapping that names the column fails "
          "once the drop commits{}",
          column, altered.shown,
          cascade ? "; CASCADE also drops the views, indexes and constraints that use it" : "");
      std::string recipe = fmt::format(
          "Drop a column in two deploys:\n"
          "  1. stop reading and writing {0}.{1} in the code (ORMs: mark it ignored) and deploy;\n"
          "  2. then, in a later migration:\n"
          "     ALTER TABLE {0} DROP COLUMN {1};\n"
          "When no released version uses the column, silence this finding with "
          "-- pgdrydock:ignore dropping-column <reason>.",
          altered.shown, column);
      out.add(finding(in, std::move(message), std::move(recipe)));
    }
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(DroppingColumn)
} // namespace pgdrydock
