// renaming-enum-value: ALTER TYPE ... RENAME VALUE on a type that existed before the migration.
// The rename is instant, but the application version still running keeps sending the old
// label: every INSERT or UPDATE with it fails ("invalid input value for enum") from the moment
// the rename commits, and queries comparing with the old label silently match nothing. A type
// created in this migration has no running code yet, so it is not reported.
#include <fmt/format.h>

#include "lint/catalog/catalog.h"
#include "lint/rule.h"
#include "rules/created_types.h"

namespace pgdrydock {
namespace {

class RenamingEnumValue : public Rule {
public:
  std::string_view id() const override { return "renaming-enum-value"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "RENAME VALUE breaks the application version still running, which sends the old label";
  }
  std::vector<std::string_view> statement_kinds() const override { return {"AlterEnumStmt"}; }
  std::unique_ptr<ScriptState> new_script_state() const override {
    return std::make_unique<rules::CreatedTypesState>();
  }

  void check(const RuleInput& in, FindingSink& out) const override {
    if (!in.body.has("oldVal"))
      return; // ADD VALUE: adding-enum-value-in-transaction
    std::string key = rules::type_key(in.body);
    if (state_of<rules::CreatedTypesState>(in).is_new(key))
      return;
    std::string type = display_key(key);
    std::string from(in.body.str("oldVal"));
    std::string to(in.body.str("newVal"));
    out.add(finding(
        in,
        fmt::format("renaming value '{}' of enum type \"{}\" to '{}' breaks the application "
                    "version still running during the deploy: it still sends '{}', which "
                    "PostgreSQL then rejects (invalid input value for enum), and its queries "
                    "comparing with '{}' match nothing",
                    from, type, to, from, from),
        fmt::format("Rename a label in steps, each deployed on its own:\n"
                    "  1. ALTER TYPE {0} ADD VALUE '{2}';  -- the code accepts both labels\n"
                    "  2. the code writes '{2}'; backfill: UPDATE <table> SET <column> = '{2}' "
                    "WHERE <column> = '{1}' (in batches);\n"
                    "  3. leave '{1}' unused (an enum value cannot be dropped without "
                    "recreating the type).",
                    type, from, to)));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(RenamingEnumValue)
} // namespace pgdrydock
