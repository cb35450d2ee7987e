// require-concurrent-index-deletion: DROP INDEX without CONCURRENTLY. It needs an ACCESS
// EXCLUSIVE lock on the index's table: it queues behind every running query on that table and,
// while it waits, every new read and write of the table queues behind it.
#include "lint/rule.h"
#include "rules/outside_transaction.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

class RequireConcurrentIndexDeletion : public Rule {
public:
  std::string_view id() const override { return "require-concurrent-index-deletion"; }
  Severity default_severity() const override { return Severity::Warning; }
  std::string_view summary() const override {
    return "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table";
  }
  std::vector<std::string_view> statement_kinds() const override { return {"DropStmt"}; }

  void check(const RuleInput& in, FindingSink& out) const override {
    if (in.body.str("removeType") != "OBJECT_INDEX" || in.traits.concurrent)
      return;
    std::vector<std::string> indexes; // those that existed before this migration
    for (const Node& object : in.body.list("objects")) {
      std::string index = qualified_name(object.as("List").names("items"));
      if (rules::is_existing(in.context, index))
        indexes.push_back(index);
    }
    if (indexes.empty())
      return;

    std::string names;
    for (const std::string& i : indexes)
      names += (names.empty() ? "" : ", ") + i;
    std::string message =
        "DROP INDEX " + names +
        " takes an ACCESS EXCLUSIVE lock on the index's table: it waits for every running query "
        "on that table, and while it waits all reads and writes of the table queue behind it";

    std::string recipe = "Drop each index on its own without blocking queries:\n";
    bool cascade = in.body.str("behavior") == "DROP_CASCADE";
    for (const std::string& i : indexes)
      recipe += "  DROP INDEX CONCURRENTLY IF EXISTS " + i + ";\n";
    recipe += "DROP INDEX CONCURRENTLY takes one index per statement";
    recipe += cascade ? ", cannot CASCADE (drop the dependent objects first)" : "";
    recipe += " and cannot run inside a transaction block.";
    if (in.context.in_transaction)
      recipe.append(" ").append(
          rules::how_to_run_outside_transaction(in.context)); // -Wrestrict at -O3
    out.add(finding(in, std::move(message), std::move(recipe)));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(RequireConcurrentIndexDeletion)
} // namespace pgdrydock
