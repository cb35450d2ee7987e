#include <fmt/format.h>

#include "reports/app_impact_lines.h"
#include "reports/estimate_text.h"

namespace pgdrydock {

std::string app_p99_change(const AppLatency& baseline, const AppImpact& impact) {
  return "p99 " + format_seconds(baseline.p99 / 1000) + " -> " +
         format_seconds(impact.latency_ms.p99 / 1000);
}

void app_impact_markdown(const MigrationResult& m, std::ostream& out) {
  if (!m.simulation || !m.simulation->app_load)
    return;
  const AppLatency& base = m.simulation->app_load->baseline;
  out << fmt::format("**Application under load** (baseline p50 {}, p99 {}, max {})\n\n"
                     "| script | line | queries | blocked | longest blocked | p99 | max | "
                     "attempts | queued behind it |\n|---|---|---|---|---|---|---|---|---|\n",
                     format_seconds(base.p50 / 1000), format_seconds(base.p99 / 1000),
                     format_seconds(base.max / 1000));
  for (const auto& s : m.scripts)
    for (const auto& st : s.statements) {
      if (!st.measured || !st.measured->app_impact)
        continue;
      const AppImpact& a = *st.measured->app_impact;
      out << fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", to_string(s.direction),
                         st.location.line, a.queries, a.blocked,
                         format_seconds(a.longest_blocked_ms / 1000), app_p99_change(base, a),
                         format_seconds(a.latency_ms.max / 1000), a.attempts,
                         a.queued_behind_ddl ? "yes" : "no");
    }
  out << '\n';
}

} // namespace pgdrydock
