// dynamic-sql: an EXECUTE in a DO block whose SQL is built at run time (from variables,
// format(), concatenation with anything but string constants). No rule can see what it runs, so
// the linter says so once per EXECUTE instead of staying silent. The DO-block reader
// (lint/plpgsql_body.h) hands each such EXECUTE over as a statement of its own kind, whose text
// is the expression; an EXECUTE of a string constant is linted as the SQL it runs instead.
#include <string>

#include "lint/rule.h"

namespace pgdrydock {
namespace {

std::string excerpt(std::string_view expression) {
  constexpr std::size_t kMax = 60;
  std::string flat;
  for (char c : expression.substr(0, kMax))
    flat += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return expression.size() > kMax ? flat + "..." : flat;
}

class DynamicSqlRule : public Rule {
public:
  std::string_view id() const override { return "dynamic-sql"; }
  Severity default_severity() const override { return Severity::Info; }
  std::string_view summary() const override {
    return "EXECUTE of SQL built at run time in a DO block: not analysed";
  }
  std::vector<std::string_view> statement_kinds() const override { return {kDynamicExecuteKind}; }
  void check(const RuleInput& in, FindingSink& out) const override {
    out.add(finding(in,
                    "EXECUTE of SQL built at run time (" + excerpt(in.statement.text()) +
                        ") is not analysed: no rule sees the statement it runs",
                    "Write the statement out in the migration (or EXECUTE a string constant) so "
                    "that it is linted; when it must be built at run time, review the SQL it "
                    "makes by hand and mark the line `-- pgdrydock:ignore dynamic-sql <why>`."));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(DynamicSqlRule)
} // namespace pgdrydock
