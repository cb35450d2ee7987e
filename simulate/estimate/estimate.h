// How a cost grows with rows: fits measured (rows, seconds) points of a size sweep with three
// models — constant, linear (a + b·n) and n·log n (a + b·n·ln n) — by least squares, picks one,
// and extrapolates it to a production row count with a range.
//
// Choice (few points, noisy timings): the simplest model wins unless a richer one is clearly
// better. Linear replaces constant when its adjusted R² is at least 0.5 and the growth it
// predicts across the measured sizes is real (above both 20% of the smallest measurement and
// 2 ms, so timer noise on a millisecond statement never becomes a slope). n·log n replaces
// linear only when its residual sum of squares is below half of linear's.
//
// Range: the relative residuals of the chosen fit (root mean square, doubled), at least 5%
// (10% when the points leave no degree of freedom), widened by (1 + log10(extrapolation
// factor)), where the factor is target rows / largest measured rows.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pgdrydock {

struct SamplePoint {
  double rows = 0;
  double seconds = 0;
};

enum class GrowthModel { Constant, Linear, NLogN };
std::string to_string(GrowthModel model);

struct Fit {
  GrowthModel model = GrowthModel::Constant;
  double intercept = 0;    // seconds
  double slope = 0;        // seconds per row (linear) or per n·ln n (nlogn)
  double r2 = 0;           // 1 - SSE/SST of the chosen model (0 for constant; 1 when SST is 0)
  double relative_rms = 0; // root mean square of residual / fitted value
  double rms_residual = 0; // root mean square of the residuals, seconds
  int points = 0;
  double max_rows = 0; // largest measured size
  // A growth model with R² < 0.9, or a constant one spreading more than 25% and 2 ms.
  bool poor = false;

  double predict(double rows) const; // never negative
};

struct Estimate {
  double rows = 0;
  double seconds = 0;
  double low = 0;
  double high = 0;
  Fit fit;
  double extrapolation_factor = 1;   // rows / largest measured rows (at least 1)
  std::vector<std::string> warnings; // poor fit, large extrapolation, few points

  // {"rows","seconds","low","high","model","fit_r2","extrapolation_factor","warnings"}
  nlohmann::json to_json() const;
};

// Extrapolations beyond this factor are flagged as large.
constexpr double kLargeExtrapolationFactor = 100;

// Throws std::invalid_argument when points is empty.
Fit fit_growth(const std::vector<SamplePoint>& points);
// One model fitted by least squares, chosen or not (the accuracy benchmark compares them).
Fit fit_model(GrowthModel model, const std::vector<SamplePoint>& points);
Estimate estimate_at(const Fit& fit, double target_rows);

} // namespace pgdrydock
