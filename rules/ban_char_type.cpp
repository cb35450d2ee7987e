// ban-char-type: a new char(n) / character(n) column (internally bpchar). Values are padded
// with blanks to n characters, the padding is dropped again in comparisons and casts to
// text, and it is no faster or smaller than text: the type only surprises. The one-byte
// "char" type (quoted, internal) is another type and not flagged. Only new columns are judged
// (rules/new_columns.h).
#include "lint/rule.h"
#include "rules/new_columns.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

class BanCharType : public rules::NewColumnRule {
public:
  std::string_view id() const override { return "ban-char-type"; }
  Severity default_severity() const override { return Severity::Warning; }
  std::string_view summary() const override {
    return "A new char(n) column: blank-padded values that compare and convert surprisingly";
  }

protected:
  void check_column(const RuleInput& in, const rules::NewColumn& column,
                    FindingSink& out) const override {
    Node type_name = column.def["typeName"];
    if (rules::base_type_name(type_name) != "bpchar")
      return;
    std::vector<Node> mods = type_name.list("typmods");
    Node limit = mods.empty() ? Node{} : mods.front().as("A_Const");
    // char without a length is char(1).
    std::string n = limit ? std::to_string(limit["ival"].integer("ival", 0)) : "1";
    std::string name(column.def.str("colname"));
    std::string array = type_name.list("arrayBounds").empty() ? "" : "[]";
    out.add(finding(
        in,
        "column \"" + name + "\" of table \"" + column.shown + "\" is char(" + n +
            "): values are padded with blanks to " + n +
            " characters, the padding is ignored in comparisons and lost in casts to text, "
            "and it saves no space over text",
        "Use text (or varchar) and state the rule as a constraint:\n  " + name + " text" + array +
            (array.empty() ? " CHECK (char_length(" + name + ") = " + n + ")" : std::string()) +
            "\n(drop the CHECK when the length may vary.)"));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(BanCharType)
} // namespace pgdrydock
