// prefer-text: a new varchar(n) column. The limit is a constraint folded into the type:
// raising it is free (catalog only), but lowering it makes ALTER COLUMN TYPE rewrite the table
// under ACCESS EXCLUSIVE, and the limit cannot be checked NOT VALID and validated later. text
// with a CHECK (char_length(col) <= n) keeps the same rule and can be changed online. Only
// new columns are judged (rules/new_columns.h).
#include "lint/rule.h"
#include "rules/new_columns.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

class PreferText : public rules::NewColumnRule {
public:
  std::string_view id() const override { return "prefer-text"; }
  Severity default_severity() const override { return Severity::Warning; }
  std::string_view summary() const override {
    return "A new varchar(n) column, whose limit cannot be lowered without a rewrite";
  }

protected:
  void check_column(const RuleInput& in, const rules::NewColumn& column,
                    FindingSink& out) const override {
    Node type_name = column.def["typeName"];
    std::vector<Node> mods = type_name.list("typmods");
    if (rules::base_type_name(type_name) != "varchar" || mods.empty())
      return;
    Node limit = mods.front().as("A_Const");
    std::string n = limit ? std::to_string(limit["ival"].integer("ival", 0)) : "n";
    std::string name(column.def.str("colname"));
    // An array's elements cannot be measured by one CHECK expression: name the element type.
    const bool array = !type_name.list("arrayBounds").empty();
    std::string recipe =
        array ? "Use text[] and check the element length in a CHECK constraint (or a domain "
                "over text with CHECK (char_length(VALUE) <= " +
                    n + "))."
              : "Use text with a CHECK constraint that can be changed online:\n  " + name +
                    " text CONSTRAINT " + std::string(column.def.str("colname")) +
                    "_length CHECK (char_length(" + name + ") <= " + n + ")";
    out.add(finding(in,
                    "column \"" + name + "\" of table \"" + column.shown + "\" is " +
                        rules::type_name_sql(type_name) +
                        ": raising the limit later is free, but lowering it rewrites the "
                        "table under an ACCESS EXCLUSIVE lock, and a type limit cannot be "
                        "added NOT VALID and validated later",
                    recipe + "\nTo change the limit later: add the new CHECK ... NOT VALID, "
                             "VALIDATE it in its own transaction, then drop the old one."));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(PreferText)
} // namespace pgdrydock
