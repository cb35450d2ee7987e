// The CHECK (col IS NOT NULL) constraints a script has added so far, and whether each is
// validated: from PostgreSQL 12, SET NOT NULL skips its full scan when a validated one exists.
// setting-not-null keeps one in its ScriptState, fed every statement of the script.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "lint/rule_state.h"

namespace pgdrydock::rules {

class NotNullChecks {
public:
  // Moves past one statement (seen.context is the state before it): ADD / VALIDATE / DROP
  // CONSTRAINT, and a ROLLBACK undoing what its transaction added.
  void seen(const StatementSeen& seen);
  bool has_validated(const std::string& relation, std::string_view column) const;

private:
  struct Check {
    std::string column;
    bool validated = false;
  };
  // relation -> constraint name (PostgreSQL's default name when unnamed) -> state.
  using Checks = std::map<std::string, std::map<std::string, Check>>;
  void track(const Node& alter_table);

  Checks checks_;
  Checks at_begin_; // when the current transaction began: back after ROLLBACK
};

} // namespace pgdrydock::rules
