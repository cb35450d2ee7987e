// unsupported-syntax: a statement the bundled PostgreSQL 15 grammar cannot parse while the
// target is PostgreSQL 16 or newer. The driver reports it (lint/syntax_finding.h); this entry
// gives it an id, a severity and a doc like every other rule.
#include "lint/rule.h"

namespace pgdrydock {
namespace {
class UnsupportedSyntaxRule : public Rule {
public:
  std::string_view id() const override { return "unsupported-syntax"; }
  Severity default_severity() const override { return Severity::Warning; }
  std::string_view summary() const override {
    return "A statement the bundled PostgreSQL 15 grammar cannot read, on a newer target";
  }
};
} // namespace
PGDRYDOCK_REGISTER_RULE(UnsupportedSyntaxRule)
} // namespace pgdrydock
