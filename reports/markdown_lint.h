// The markdown report of a lint run (no simulation): what a pull-request comment or a job
// summary shows. The markdown renderer uses it when no migration was simulated.
#pragma once

#include <ostream>

#include "lint/lint_result.h"

namespace pgdrydock {

// A summary line, a table of every finding (severity, rule, file:line, statement), then each
// finding's message and safe recipe in a collapsed block. Kept under GitHub's comment limit
// (kMarkdownCommentLimit): the table rows and details that do not fit are counted, not shown.
void write_lint_markdown(const LintResult& result, std::ostream& out);

} // namespace pgdrydock
