// The lines of the reports about the synthetic application workload (simulate --app-load):
// kept beside the renderers they extend, which call them once per migration.
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "lint/lint_result.h"

namespace pgdrydock {

// "p99 2.0 ms -> 2.95 s": the baseline against one statement, for every renderer.
std::string app_p99_change(const AppLatency& baseline, const AppImpact& impact);
// "p50 1.0 ms, p99 2.0 ms, max 3.1 ms".
std::string app_latency_text(const AppLatency& latency);

// Calls `each` for every statement of `migration` replayed under --app-load, in report order.
using AppImpactVisitor =
    std::function<void(const ScriptResult&, const StatementResult&, const AppImpact&)>;
void for_each_app_impact(const MigrationResult& migration, const AppImpactVisitor& each);

// simulation-text: the baseline, then one line per statement under load.
void app_impact_text(const MigrationResult& migration, std::ostream& out);

// Markdown: one table row per statement with blocked / p99 / max (nothing without --app-load).
void app_impact_markdown(const MigrationResult& migration, std::ostream& out);

// HTML: the same table and an inline SVG timeline of the application's worst latency with the
// statements drawn as bands (nothing without --app-load).
void app_impact_html(const MigrationResult& migration, std::ostream& out);

} // namespace pgdrydock
