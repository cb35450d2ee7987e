// Where a command's report goes: stdout, whole or not at all. The report is rendered into memory
// first (ReportRenderer::render), so a renderer that fails leaves nothing behind in a file the
// shell redirected stdout to; a write that fails (disk full, closed pipe) is said, not ignored.
#pragma once

#include "lint/lint_result.h"
#include "lint/support/error.h"
#include "reports/report_format.h"

namespace pgdrydock {

// Renders and writes the report to stdout, or an Error naming the format when it could not be
// rendered (nothing written) or written: the command prints it and exits 2.
Expected<void> print_report(const ReportRenderer& renderer, const LintResult& result,
                            const RenderOptions& options);

} // namespace pgdrydock
