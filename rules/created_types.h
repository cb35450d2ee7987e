// The user types (enums, domains, composite and range types) a script creates, for the rules
// about ALTER TYPE: a type created in the same migration has no running code and no stored
// values depending on it yet, so what is new is empty for types as it is for tables
// (LintContext::created_relations, which holds relations only).
#pragma once

#include <set>
#include <string>

#include "lint/rule.h"

namespace pgdrydock::rules {

// "schema.name" of the type an ALTER TYPE / CREATE TYPE statement names (public by default).
std::string type_key(const Node& stmt_body);

class CreatedTypesState : public ScriptState {
public:
  void seen(const StatementSeen& statement) override;
  bool is_new(const std::string& type_key) const { return created_.count(type_key) > 0; }

private:
  std::set<std::string> created_;
};

} // namespace pgdrydock::rules
