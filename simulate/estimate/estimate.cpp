#include "simulate/estimate/estimate.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace pgdrydock {

namespace {

// Below this a timing is noise for the purpose of calling something growth or error.
constexpr double kNoiseSeconds = 0.002;

double feature(GrowthModel model, double rows) {
  switch (model) {
  case GrowthModel::Constant:
    return 0;
  case GrowthModel::Linear:
    return rows;
  case GrowthModel::NLogN:
    return rows > 1 ? rows * std::log(rows) : 0;
  }
  return 0;
}

struct Candidate {
  Fit fit;
  double sse = 0;
};

double evaluate(const Fit& fit, double rows) {
  return fit.intercept + fit.slope * feature(fit.model, rows);
}

Candidate least_squares(GrowthModel model, const std::vector<SamplePoint>& points) {
  const double n = static_cast<double>(points.size());
  double mean_x = 0, mean_y = 0;
  for (const auto& p : points) {
    mean_x += feature(model, p.rows) / n;
    mean_y += p.seconds / n;
  }
  double sxx = 0, sxy = 0;
  for (const auto& p : points) {
    const double dx = feature(model, p.rows) - mean_x;
    sxx += dx * dx;
    sxy += dx * (p.seconds - mean_y);
  }
  Candidate c;
  c.fit.model = model;
  c.fit.slope = model == GrowthModel::Constant || sxx <= 0 ? 0 : sxy / sxx;
  c.fit.intercept = mean_y - c.fit.slope * mean_x;
  double sst = 0, squared_relative = 0;
  for (const auto& p : points) {
    const double fitted = evaluate(c.fit, p.rows);
    const double r = p.seconds - fitted;
    c.sse += r * r;
    sst += (p.seconds - mean_y) * (p.seconds - mean_y);
    const double relative = r / std::max(std::abs(fitted), kNoiseSeconds / 2);
    squared_relative += relative * relative;
  }
  c.fit.relative_rms = std::sqrt(squared_relative / n);
  c.fit.rms_residual = std::sqrt(c.sse / n);
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
  const double growth = evaluate(c.fit, hi->rows) - evaluate(c.fit, lo->rows);
  return growth >= std::max(0.2 * smallest, kNoiseSeconds);
}

} // namespace

std::string to_string(GrowthModel model) {
  switch (model) {
  case GrowthModel::Constant:
    return "constant";
  case GrowthModel::Linear:
    return "linear";
  case GrowthModel::NLogN:
    return "nlogn";
  }
  return "constant";
}

double Fit::predict(double rows) const {
  return std::max(0.0, evaluate(*this, rows));
}

Fit fit_growth(const std::vector<SamplePoint>& points) {
  if (points.empty())
    throw std::invalid_argument("no measured points to fit");
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
    throw std::invalid_argument("no measured points to fit");
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

nlohmann::json Estimate::to_json() const {
  return {{"rows", std::llround(rows)},
          {"seconds", seconds},
          {"low", low},
          {"high", high},
          {"model", to_string(fit.model)},
          {"fit_r2", fit.r2},
          {"extrapolation_factor", extrapolation_factor},
          {"poor_fit", fit.poor},
          {"warnings", warnings}};
}

} // namespace pgdrydock
