#include <fmt/format.h>

#include "reports/app_impact_lines.h"
#include "reports/estimate_text.h"

namespace pgdrydock {

void app_impact_text(const MigrationResult& m, std::ostream& out) {
  if (!m.simulation || !m.simulation->app_load)
    return;
  const AppLatency& base = m.simulation->app_load->baseline;
  out << "  application: baseline " << app_latency_text(base) << '\n';
  for_each_app_impact(m, [&](const ScriptResult& s, const StatementResult& st, const AppImpact& a) {
    out << fmt::format("    {} line {}: {} queries, {} blocked (longest {}), {}, max {}, "
                       "{} failed, {} timed out, statement waited {}{}, {} attempt{}\n",
                       to_string(s.direction), st.location.line, a.queries, a.blocked,
                       format_seconds(a.longest_blocked_ms / 1000), app_p99_change(base, a),
                       format_seconds(a.latency_ms.max / 1000), a.failed, a.timed_out,
                       format_seconds(a.ddl_wait_ms / 1000),
                       a.queued_behind_ddl ? " with the application queued behind it" : "",
                       a.attempts, a.attempts == 1 ? "" : "s");
  });
}

} // namespace pgdrydock
