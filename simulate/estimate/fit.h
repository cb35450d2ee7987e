// How a cost grows with rows: fits measured (rows, seconds) points of a size sweep with three
// models — constant, linear (a + b·n) and n·log n (a + b·n·ln n) — by least squares (GSL's
// gsl_fit_linear), picks one, and extrapolates it to a production row count with a range. The
// one fit of the tool: evaluating a fitted curve at a size is FitCurve::evaluate
// (simulate/result/simulation_result.h), which reports use without linking this.
//
// Choice (few points, noisy timings): the simplest model wins unless a richer one is clearly
// better. Linear replaces constant when its adjusted R² is at least 0.5 and the growth it
// predicts across the measured sizes is real (above both 20% of the smallest measurement and
// 2 ms, so timer noise on a millisecond statement never becomes a slope). n·log n replaces
// linear only when its residual sum of squares is below half of linear's.
//
// Range: the relative residuals of the chosen fit (root mean square, doubled), at least 5%
// (10% when the points leave no degree of freedom), widened by (1 + log10(extrapolation
// factor)), where the factor is target rows / largest measured rows. This rule, not a band
// from GSL's parameter covariance, stays: the tests, the budget gate and the accuracy
// benchmark (bench/README.md) are calibrated on it, and a covariance band has not been
// measured against the benchmark's truths.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "simulate/result/simulation_result.h"

namespace pgdrydock {

struct SamplePoint {
  double rows = 0;
  double seconds = 0;
};

struct Fit : FitCurve {
  double relative_rms = 0; // root mean square of residual / fitted value
  double rms_residual = 0; // root mean square of the residuals, seconds
  double max_rows = 0;     // largest measured size

  double predict(double rows) const { return evaluate(rows); } // never negative
};

struct Estimate {
  double rows = 0;
  double seconds = 0;
  double low = 0;
  double high = 0;
  Fit fit;
  double extrapolation_factor = 1;   // rows / largest measured rows (at least 1)
  std::vector<std::string> warnings; // poor fit, large extrapolation, few points

  // As reports carry it (rows rounded to whole rows).
  EstimateResult result() const;
  // {"rows","seconds","low","high","model","fit_r2","extrapolation_factor","poor_fit",
  //  "warnings"}: result() through simulate/result/simulation_json.h.
  nlohmann::json to_json() const;
};

// Extrapolations beyond this factor are flagged as large.
constexpr double kLargeExtrapolationFactor = 100;

// Throws ErrorException (an internal error: callers fit measured points only) when points is
// empty.
Fit fit_growth(const std::vector<SamplePoint>& points);
// One model fitted by least squares, chosen or not (the accuracy benchmark compares them).
Fit fit_model(GrowthModel model, const std::vector<SamplePoint>& points);
Estimate estimate_at(const Fit& fit, double target_rows);

} // namespace pgdrydock
