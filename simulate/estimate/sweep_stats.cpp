// Production statistics into a size sweep: the row counts its estimates extrapolate to.
#include <algorithm>

#include "lint/table_stats.h"
#include "simulate/estimate/sweep.h"

namespace pgdrydock {

void use_stats(SweepOptions& sweep, const StatsFile& stats) {
  for (const auto& t : stats.tables) {
    const std::string name = t.schema + "." + t.name;
    const double rows = std::max(0.0, t.rows());
    // --target-rows given on the command line wins over the file.
    if (!sweep.target_rows.count(name) && !sweep.target_rows.count(t.name))
      sweep.target_rows[name] = rows;
  }
  // Production's memory is what the sweep's scale model scales down (files that predate the
  // settings leave the sandbox's own).
  if (!sweep.production_memory)
    sweep.production_memory = memory_from_settings(stats.settings);
}

} // namespace pgdrydock
