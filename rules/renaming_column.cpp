// renaming-column: ALTER TABLE ... RENAME COLUMN on a table that existed before the migration.
// The rename is instant, but the application version still running during the deploy names
// the column by its old name: its queries fail from the moment the rename commits, and the new
// version fails against the old schema if it is deployed first. A table created in this
// migration is new and empty: no running code knows it, so it is not reported.
#include <fmt/format.h>

#include "lint/rule.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

class RenamingColumn : public Rule {
public:
  std::string_view id() const override { return "renaming-column"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "RENAME COLUMN breaks the application version still running, which uses the old name";
  }
  std::vector<std::string_view> statement_kinds() const override { return {"RenameStmt"}; }

  void check(const RuleInput& in, FindingSink& out) const override {
    if (in.context.direction == Direction::Down)
      return; // a down undoes its own up: what it drops or renames back is what the up made
    if (in.body.str("renameType") != "OBJECT_COLUMN")
      return;
    std::string_view on = in.body.str("relationType");
    if (on != "OBJECT_TABLE" && on != "OBJECT_FOREIGN_TABLE")
      return; // a view's column: the view is the compatibility layer, not what it hides
    Node range_var = in.body["relation"];
    if (!rules::is_existing(in.context, qualified_name(range_var)))
      return;
    std::string table = rules::display_name(range_var);
    std::string from(in.body.str("subname"));
    std::string to(in.body.str("newname"));
    out.add(finding(
        in,
        fmt::format("renaming column \"{}\" of table \"{}\" to \"{}\" breaks the application "
                    "version still running during the deploy: its queries name \"{}\" and fail "
                    "once the rename commits (and the new version fails if it starts first)",
                    from, table, to, from),
        fmt::format("Rename in steps, each deployed on its own:\n"
                    "  1. ALTER TABLE {0} ADD COLUMN {2} <type>;  -- the code writes both columns\n"
                    "  2. backfill in batches: UPDATE {0} SET {2} = {1} WHERE <key range>;\n"
                    "  3. switch reads to {2}, stop writing {1};\n"
                    "  4. ALTER TABLE {0} DROP COLUMN {1};\n"
                    "(a trigger can keep the two columns in sync while both versions run).",
                    table, from, to)));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(RenamingColumn)
} // namespace pgdrydock
