// Moves a LintContext past one statement: transaction blocks, timeouts, new relations. Rules read
// the context as it stood *before* their statement.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "lint/effect.h"
#include "lint/lint_context.h"
#include "lint/parse_node.h"

namespace pgdrydock {

// Sets the state at the start of a script, from how its runner executes it.
void begin_script(LintContext& ctx, TransactionMode mode);
// Applies the statement (root as ParseSession returns it; invalid when it did not parse).
void advance_context(LintContext& ctx, const Node& root, const std::vector<Effect>& effects);

// The relations the statement creates (new and empty from then on), given the context before it.
std::set<std::string> relations_created_by(const LintContext& ctx, const Node& root,
                                           const std::vector<Effect>& effects);

} // namespace pgdrydock
