#include "reports/app_impact_lines.h"
#include "reports/estimate_text.h"

namespace pgdrydock {

std::string app_p99_change(const AppLatency& baseline, const AppImpact& impact) {
  return "p99 " + format_seconds(baseline.p99 / 1000) + " -> " +
         format_seconds(impact.latency_ms.p99 / 1000);
}

std::string app_latency_text(const AppLatency& l) {
  return "p50 " + format_seconds(l.p50 / 1000) + ", p99 " + format_seconds(l.p99 / 1000) +
         ", max " + format_seconds(l.max / 1000);
}

void for_each_app_impact(const MigrationResult& m, const AppImpactVisitor& each) {
  for (const auto& s : m.scripts)
    for (const auto& st : s.statements)
      if (st.measured && st.measured->app_impact)
        each(s, st, *st.measured->app_impact);
}

} // namespace pgdrydock
