// unknown-object: a statement names a table, column, index, constraint or type that does not
// exist at that point of the history, or names it as the wrong kind (DROP CONSTRAINT on what is
// an index). PostgreSQL would stop the migration there, half-applied when the runner does not
// wrap it in a transaction; in a down script the mistake stays hidden until the day a rollback
// is needed. The catalog replayed from the history knows what exists (lint/catalog/); the rule
// says nothing unless that history is complete (it starts from an empty schema, or --schema
// gave the start) and nothing about names a DO block or function could have made.
#include "lint/catalog/references.h"
#include "lint/rule.h"

namespace pgdrydock {
namespace {

class UnknownObjectRule : public Rule {
public:
  std::string_view id() const override { return "unknown-object"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "The statement names an object that does not exist at that point of the history, "
           "or names it as the wrong kind";
  }
  std::vector<std::string_view> statement_kinds() const override {
    return {"AlterTableStmt", "DropStmt",      "IndexStmt",      "RenameStmt",
            "CreateStmt",     "AlterEnumStmt", "CreateTrigStmt", "CreatePolicyStmt"};
  }

  void check(const RuleInput& in, FindingSink& out) const override {
    if (!in.context.catalog)
      return;
    for (const auto& problem : find_unknown_objects(*in.context.catalog, in.root)) {
      std::string when = in.context.direction == Direction::Down
                             ? "the down script would fail here, so the migration cannot be "
                               "rolled back"
                             : "PostgreSQL would stop the migration here";
      out.add(finding(in, problem.message + " (" + when + ")",
                      "Name the object as it exists at this point of the history (see the "
                      "earlier migrations), or add IF EXISTS when its absence is expected."));
    }
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(UnknownObjectRule)
} // namespace pgdrydock
