// CONCURRENTLY commands cannot run inside a transaction block. How to get a statement out of
// one depends on who opened the block: the SQL itself (BEGIN) or the migration runner.
#pragma once

#include <string>

#include "lint/lint_context.h"

namespace pgdrydock::rules {

// Why the statement runs inside a transaction block, e.g. "golang-migrate sends the file as one
// multi-statement query, which PostgreSQL runs as one implicit transaction". Empty when it does
// not.
std::string transaction_block_reason(const LintContext& context);

// One sentence: how to run a statement of this migration outside a transaction block with its
// runner ("put it alone in its own migration file", "set run_in_transaction = false", ...).
std::string how_to_run_outside_transaction(const LintContext& context);

// The number of statements in the script the context is linting (0 when unknown).
int statements_in_script(const LintContext& context);

} // namespace pgdrydock::rules
