// The lines of the reports about the synthetic application workload (simulate --app-load):
// kept beside the renderers they extend, which call them once per migration.
#pragma once

#include <ostream>
#include <string>

#include "lint/lint_result.h"

namespace pgdrydock {

// "p99 2.0 ms -> 2.95 s": the baseline against one statement, for every renderer.
std::string app_p99_change(const AppLatency& baseline, const AppImpact& impact);

// simulation-text: the baseline, then one line per statement under load.
void app_impact_text(const MigrationResult& migration, std::ostream& out);

// Markdown: one table row per statement with blocked / p99 / max (nothing without --app-load).
void app_impact_markdown(const MigrationResult& migration, std::ostream& out);

// HTML: the same table and an inline SVG timeline of the application's worst latency with the
// statements drawn as bands (nothing without --app-load).
void app_impact_html(const MigrationResult& migration, std::ostream& out);

} // namespace pgdrydock
