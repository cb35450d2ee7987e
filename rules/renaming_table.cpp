// renaming-table: ALTER TABLE ... RENAME TO on a table that existed before the migration. The
// application version still running during the deploy names the table by its old name, so its
// queries fail from the moment the rename commits. A table created in this migration is new
// and empty: no running code knows it, so it is not reported.
#include <fmt/format.h>

#include "lint/rule.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

class RenamingTable : public Rule {
public:
  std::string_view id() const override { return "renaming-table"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "RENAME TO breaks the application version still running, which uses the old name";
  }
  std::vector<std::string_view> statement_kinds() const override { return {"RenameStmt"}; }

  void check(const RuleInput& in, FindingSink& out) const override {
    if (in.context.direction == Direction::Down)
      return; // a down undoes its own up: what it drops or renames back is what the up made
    std::string_view type = in.body.str("renameType");
    if (type != "OBJECT_TABLE" && type != "OBJECT_FOREIGN_TABLE")
      return;
    Node range_var = in.body["relation"];
    if (!rules::is_existing(in.context, qualified_name(range_var)))
      return;
    std::string table = rules::display_name(range_var);
    std::string_view schema = range_var.str("schemaname");
    // The renamed table stays in its schema: the recipe's view must find it there.
    std::string to =
        (schema.empty() ? "" : std::string(schema) + ".") + std::string(in.body.str("newname"));
    out.add(finding(
        in,
        fmt::format("renaming table \"{}\" to \"{}\" breaks the application version still "
                    "running during the deploy: its queries name \"{}\" and fail once the "
                    "rename commits (and the new version fails if it starts first)",
                    table, to, table),
        fmt::format("Keep the old name working while both versions run:\n"
                    "  ALTER TABLE {0} RENAME TO {1};\n"
                    "  CREATE VIEW {0} AS SELECT * FROM {1};  -- simple view: updatable\n"
                    "then drop the view in a later migration, once no running code uses {0}.\n"
                    "Or expand and contract: create {1}, write both, backfill, switch reads, "
                    "drop {0}.",
                    table, to)));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(RenamingTable)
} // namespace pgdrydock
