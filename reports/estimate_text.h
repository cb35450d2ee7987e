// Words for a size sweep's fits and estimates (simulate/estimate/sweep.h puts them in
// StatementResult::measured), shared by the text, Markdown and HTML simulation reports.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace pgdrydock {

// "4.2 ms", "250 ms", "12.3 s", "4.5 min", "2.1 h".
std::string format_seconds(double seconds);
// "41.2 M", "120 k", "800".
std::string format_rows(double rows);

// A fit object ({"model","intercept","slope"}) evaluated at `rows` seconds (never negative).
double evaluate_fit(const nlohmann::json& fit, double rows);

// "12.3 s (10.1 s - 14.5 s)" for an estimate object.
std::string estimate_range(const nlohmann::json& estimate);
// "linear, R² 0.99" for a fit or estimate object.
std::string fit_quality(const nlohmann::json& fit);
// "200 rows 1.2 ms, 400 rows 2.0 ms, ..." for a sweep array.
std::string sweep_points(const nlohmann::json& sweep);
// The estimate's warnings joined with "; " (empty when none).
std::string estimate_warnings(const nlohmann::json& estimate);

} // namespace pgdrydock
