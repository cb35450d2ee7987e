// Moves a LintContext past one statement: transaction blocks, timeouts, new relations,
// locks still held. Rules read the context as it stood *before* their statement.
#pragma once

#include <vector>

#include "lint/effect.h"
#include "lint/lint_context.h"
#include "lint/parse_node.h"
#include "lint/statement.h"

namespace pgdrydock {

// Sets the state at the start of a script, from how its runner executes it.
void begin_script(LintContext& ctx, TransactionMode mode);
// Applies the statement (root as ParseSession returns it; invalid when it did not parse).
void advance_context(LintContext& ctx, const Statement& st, const Node& root,
                     const std::vector<Effect>& effects);

} // namespace pgdrydock
