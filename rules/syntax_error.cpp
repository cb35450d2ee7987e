// syntax-error: a statement PostgreSQL's parser rejects. The driver reports it (it needs the
// parse result); this entry gives it an id, a severity and a doc like every other rule.
#include "lint/rule.h"

namespace pgdrydock {
namespace {
class SyntaxErrorRule : public Rule {
public:
  std::string_view id() const override { return "syntax-error"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "A statement does not parse with PostgreSQL's grammar";
  }
};
} // namespace
PGDRYDOCK_REGISTER_RULE(SyntaxErrorRule)
} // namespace pgdrydock
