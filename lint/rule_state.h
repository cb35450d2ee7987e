// State a rule keeps across the statements of one script. Rules are shared, immutable objects
// (one per process, used by every lint thread), so what a rule remembers between statements
// cannot live in the rule: the driver asks each rule for a fresh ScriptState at the start of
// every script, hands it back to the rule's check(), and shows it every statement.
#pragma once

#include <vector>

#include "lint/effect.h"
#include "lint/lint_context.h"
#include "lint/parse_node.h"
#include "lint/statement.h"

namespace pgdrydock {

// One statement of the script, as a ScriptState sees it once the rules have checked it.
struct StatementSeen {
  const Statement& statement;
  Node root;                          // invalid when the statement did not parse
  const std::vector<Effect>& effects; // empty when it did not parse
  const LintContext& context;         // state *before* this statement, as the rules saw it
};

class ScriptState {
public:
  virtual ~ScriptState() = default;
  // Called for every statement of the script, whatever the rule's statement_kinds(), after
  // every rule checked it and before the driver moves the context past it.
  virtual void seen(const StatementSeen& statement) = 0;
};

} // namespace pgdrydock
