#include "simulate/estimate/fit.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>
#include <gsl/gsl_fit.h>

#include "simulate/result/simulation_json.h"

#include "lint/support/error.h"

namespace pgdrydock {

namespace {

// Below this a timing is noise for the purpose of calling something growth or error.
constexpr double kNoiseSeconds = 0.002;

struct Candidate {
  Fit fit;
  double sse = 0;
};

// Least squares of seconds on the model's feature (GSL), then the fit's quality measures.
Candidate least_squares(GrowthModel model, const std::vector<SamplePoint>& points) {
  const std::size_t n = points.size();
  std::vector<double> x, y;
  for (const auto& p : points) {
    x.push_back(growth_feature(model, p.rows));
    y.push_back(p.seconds);
  }
  const double mean_y = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(n);
  // A constant, or a feature with no spread (one size), is the mean: a slope is undefined.
  const bool flat = std::all_of(x.begin(), x.end(), [&](double v) { return v == x.front(); });
  Candidate c;
  c.fit.model = model;
  if (model == GrowthModel::Constant || flat) {
    c.fit.intercept = mean_y;
  } else {
    double cov00 = 0, cov01 = 0, cov11 = 0, sumsq = 0;
    gsl_fit_linear(x.data(), 1, y.data(), 1, n, &c.fit.intercept, &c.fit.slope, &cov00, &cov01,
                   &cov11, &sumsq);
  }
  double sst = 0, squared_relative = 0;
  for (const auto& p : points) {
    const double fitted = c.fit.intercept + c.fit.slope * growth_feature(model, p.rows);
    const double r = p.seconds - fitted;
    c.sse += r * r;
    sst += (p.seconds - mean_y) * (p.seconds - mean_y);
    const double relative = r / std::max(std::abs(fitted), kNoiseSeconds / 2);
    squared_relative += relative * relative;
  }
  c.fit.relative_rms = std::sqrt(squared_relative / static_cast<double>(n));
  c.fit.rms_residual = std::sqrt(c.sse / static_cast<double>(n));
  // A constant explains no variance by construction; report 1 only when there is none.
  if (sst <= 1e-18)
    c.fit.r2 = 1;
  else
    c.fit.r2 = model == GrowthModel::Constant ? 0 : std::max(0.0, 1 - c.sse / sst);
  return c;
}

double adjusted_r2(const Candidate& c, std::size_t n) {
  if (n <= 2)
    return c.fit.r2; // two points: no degree of freedom to adjust with
  return 1 - (1 - c.fit.r2) * static_cast<double>(n - 1) / static_cast<double>(n - 2);
}

// The growth a model predicts between the smallest and largest measured size is large enough
// not to be timer noise.
bool real_growth(const Candidate& c, const std::vector<SamplePoint>& points) {
  if (c.fit.slope <= 0)
    return false;
  auto [lo, hi] = std::minmax_element(points.begin(), points.end(),
                                      [](const auto& a, const auto& b) { return a.rows < b.rows; });
  double smallest = points.front().seconds;
  for (const auto& p : points)
    smallest = std::min(smallest, p.seconds);
  // The intercept cancels; the slope is positive, so this is the unclamped curve's rise.
  const double growth =
      c.fit.slope * (growth_feature(c.fit.model, hi->rows) - growth_feature(c.fit.model, lo->rows));
  return growth >= std::max(0.2 * smallest, kNoiseSeconds);
}

} // namespace

Fit fit_growth(const std::vector<SamplePoint>& points) {
  if (points.empty())
    throw ErrorException(internal_error("no measured points to fit"));
  std::vector<double> sizes;
  for (const auto& p : points)
    sizes.push_back(p.rows);
  std::sort(sizes.begin(), sizes.end());
  const std::size_t distinct =
      static_cast<std::size_t>(std::unique(sizes.begin(), sizes.end()) - sizes.begin());

  Candidate best = least_squares(GrowthModel::Constant, points);
  if (distinct >= 2) {
    Candidate linear = least_squares(GrowthModel::Linear, points);
    const bool linear_ok = adjusted_r2(linear, points.size()) >= 0.5 && real_growth(linear, points);
    if (linear_ok)
      best = linear;
    if (distinct >= 3) {
      Candidate nlogn = least_squares(GrowthModel::NLogN, points);
      const bool nlogn_ok = adjusted_r2(nlogn, points.size()) >= 0.5 && real_growth(nlogn, points);
      if (nlogn_ok && (!linear_ok || nlogn.sse < 0.5 * linear.sse))
        best = nlogn;
    }
  }
  Fit fit = best.fit;
  fit.points = static_cast<int>(points.size());
  fit.max_rows = sizes.back();
  // Sub-millisecond jitter around a constant is expected, not a poor fit.
  fit.poor = fit.model == GrowthModel::Constant
                 ? fit.relative_rms > 0.25 && fit.rms_residual > kNoiseSeconds
                 : fit.r2 < 0.9;
  return fit;
}

Fit fit_model(GrowthModel model, const std::vector<SamplePoint>& points) {
  if (points.empty())
    throw ErrorException(internal_error("no measured points to fit"));
  Fit fit = least_squares(model, points).fit;
  fit.points = static_cast<int>(points.size());
  for (const auto& p : points)
    fit.max_rows = std::max(fit.max_rows, p.rows);
  fit.poor = model == GrowthModel::Constant
                 ? fit.relative_rms > 0.25 && fit.rms_residual > kNoiseSeconds
                 : fit.r2 < 0.9;
  return fit;
}

Estimate estimate_at(const Fit& fit, double target_rows) {
  Estimate e;
  e.fit = fit;
  e.rows = target_rows;
  e.seconds = fit.predict(target_rows);
  e.extrapolation_factor = fit.max_rows > 0 ? std::max(1.0, target_rows / fit.max_rows) : 1;
  const bool no_freedom = fit.points <= (fit.model == GrowthModel::Constant ? 1 : 2);
  const double floor = no_freedom ? 0.10 : 0.05;
  const double spread =
      std::max(floor, 2 * fit.relative_rms) * (1 + std::log10(e.extrapolation_factor));
  e.low = std::max(0.0, e.seconds * (1 - spread));
  e.high = e.seconds * (1 + spread);
  if (fit.poor)
    e.warnings.push_back(
        fit.model == GrowthModel::Constant
            ? fmt::format("poor fit: measurements spread {:.0f}% around a constant",
                          100 * fit.relative_rms)
            : fmt::format("poor fit: R² {:.2f}", fit.r2));
  if (e.extrapolation_factor > kLargeExtrapolationFactor)
    e.warnings.push_back(fmt::format("extrapolated {:.0f}x beyond the largest measured size",
                                     e.extrapolation_factor));
  if (no_freedom)
    e.warnings.push_back(
        fmt::format("only {} measured size{}", fit.points, fit.points == 1 ? "" : "s"));
  return e;
}

EstimateResult Estimate::result() const {
  return {std::llround(rows),   seconds,  low,     high, fit.model, fit.r2,
          extrapolation_factor, fit.poor, warnings};
}

nlohmann::json Estimate::to_json() const {
  return result();
}

} // namespace pgdrydock
