// The renderers of simulation results: "simulation-text" (the default of `pgdrydock simulate`)
// and "markdown" (a pull-request comment). Referencing the flags links their files in.
#pragma once

#include <string>

#include "lint/lint_result.h"

namespace pgdrydock {

extern const bool simulation_text_report_registered;
extern const bool markdown_report_registered;
extern const bool html_report_registered; // "html": self-contained page with charts

// GitHub refuses comments above 65,536 characters.
constexpr std::size_t kMarkdownCommentLimit = 65536;

// One verdict per migration for both renderers: "reversible", "irreversible: ...", "FAILED".
std::string simulation_verdict(const MigrationResult& migration);

} // namespace pgdrydock
