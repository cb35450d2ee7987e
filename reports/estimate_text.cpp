#include "reports/estimate_text.h"

#include <fmt/format.h>

namespace pgdrydock {

std::string format_seconds(double seconds) {
  if (seconds < 0.01)
    return fmt::format("{:.1f} ms", seconds * 1000);
  if (seconds < 1)
    return fmt::format("{:.0f} ms", seconds * 1000);
  if (seconds < 120)
    return fmt::format("{:.1f} s", seconds);
  if (seconds < 7200)
    return fmt::format("{:.1f} min", seconds / 60);
  return fmt::format("{:.1f} h", seconds / 3600);
}

std::string format_rows(double rows) {
  if (rows >= 1e9)
    return fmt::format("{:.1f} G", rows / 1e9);
  if (rows >= 1e6)
    return fmt::format("{:.1f} M", rows / 1e6);
  if (rows >= 1e4)
    return fmt::format("{:.0f} k", rows / 1e3);
  return fmt::format("{:.0f}", rows);
}

std::string estimate_range(const EstimateResult& e) {
  return fmt::format("{} ({} - {})", format_seconds(e.seconds), format_seconds(e.low),
                     format_seconds(e.high));
}

namespace {
std::string quality(GrowthModel model, double r2) {
  return fmt::format("{}, R² {:.2f}", to_string(model), r2);
}
} // namespace

std::string fit_quality(const FitCurve& fit) {
  return quality(fit.model, fit.r2);
}

std::string fit_quality(const EstimateResult& estimate) {
  return quality(estimate.model, estimate.r2);
}

std::string sweep_points(const std::vector<SweepPoint>& points) {
  std::string out;
  for (const auto& p : points)
    out += fmt::format("{}{} rows {}", out.empty() ? "" : ", ", format_rows(p.rows),
                       format_seconds(p.seconds));
  return out;
}

std::string estimate_warnings(const EstimateResult& e) {
  std::string out;
  for (const auto& w : e.warnings)
    out += (out.empty() ? "" : "; ") + w;
  return out;
}

} // namespace pgdrydock
