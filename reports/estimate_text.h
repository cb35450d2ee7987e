// Words for simulation results shared by the text, Markdown and HTML simulation reports: a
// size sweep's fits and estimates (simulate/estimate/sweep.h puts them in
// StatementResult::measured). Formatting only: every number here was computed by simulate.
#pragma once

#include <string>
#include <vector>

#include "simulate/result/simulation_result.h"

namespace pgdrydock {

// "4.2 ms", "250 ms", "12.3 s", "4.5 min", "2.1 h".
std::string format_seconds(double seconds);
// "41.2 M", "120 k", "800".
std::string format_rows(double rows);

// "12.3 s (10.1 s - 14.5 s)".
std::string estimate_range(const EstimateResult& estimate);
// "linear, R² 0.99".
std::string fit_quality(const FitCurve& fit);
std::string fit_quality(const EstimateResult& estimate);
// "200 rows 1.2 ms, 400 rows 2.0 ms, ...".
std::string sweep_points(const std::vector<SweepPoint>& points);
// The estimate's warnings joined with "; " (empty when none).
std::string estimate_warnings(const EstimateResult& estimate);

} // namespace pgdrydock
