#include <fmt/format.h>

#include "reports/app_impact_lines.h"
#include "reports/estimate_text.h"

namespace pgdrydock {

void app_impact_markdown(const MigrationResult& m, std::ostream& out) {
  if (!m.simulation || !m.simulation->app_load)
    return;
  const AppLatency& base = m.simulation->app_load->baseline;
  out << "**Application under load** (baseline " << app_latency_text(base)
      << ")\n\n| script | line | queries | blocked | longest blocked | p99 | max | attempts | "
         "queued behind it |\n|---|---|---|---|---|---|---|---|---|\n";
  for_each_app_impact(m, [&](const ScriptResult& s, const StatementResult& st, const AppImpact& a) {
    out << fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", to_string(s.direction),
                       st.location.line, a.queries, a.blocked,
                       format_seconds(a.longest_blocked_ms / 1000), app_p99_change(base, a),
                       format_seconds(a.latency_ms.max / 1000), a.attempts,
                       a.queued_behind_ddl ? "yes" : "no");
  });
  out << '\n';
}

} // namespace pgdrydock
