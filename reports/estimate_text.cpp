#include "reports/estimate_text.h"

#include <algorithm>
#include <cmath>

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

double evaluate_fit(const nlohmann::json& fit, double rows) {
  const std::string model = fit.value("model", "constant");
  const double a = fit.value("intercept", 0.0);
  const double b = fit.value("slope", 0.0);
  double x = 0;
  if (model == "linear")
    x = rows;
  else if (model == "nlogn")
    x = rows > 1 ? rows * std::log(rows) : 0;
  return std::max(0.0, a + b * x);
}

std::string estimate_range(const nlohmann::json& e) {
  return fmt::format("{} ({} - {})", format_seconds(e.value("seconds", 0.0)),
                     format_seconds(e.value("low", 0.0)), format_seconds(e.value("high", 0.0)));
}

std::string fit_quality(const nlohmann::json& fit) {
  return fmt::format("{}, R² {:.2f}", fit.value("model", "?"), fit.value("fit_r2", 0.0));
}

std::string sweep_points(const nlohmann::json& sweep) {
  std::string out;
  for (const auto& p : sweep)
    out += fmt::format("{}{} rows {}", out.empty() ? "" : ", ", format_rows(p.value("rows", 0.0)),
                       format_seconds(p.value("seconds", 0.0)));
  return out;
}

std::string estimate_warnings(const nlohmann::json& e) {
  std::string out;
  for (const auto& w : e.value("warnings", nlohmann::json::array()))
    out += (out.empty() ? "" : "; ") + w.get<std::string>();
  return out;
}

} // namespace pgdrydock
