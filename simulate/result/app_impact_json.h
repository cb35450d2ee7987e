// The JSON form of the application-load results: a statement's "app_impact" object and a
// migration's "app_baseline" ({"latency_ms": {"p50", "p99", "max"}}), exactly the keys of
// issue 20's contract (docs/simulate.md), and its "app_timeline" for the HTML report.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "simulate/result/app_impact.h"

namespace pgdrydock {

void to_json(nlohmann::json& j, const AppLatency& latency);
void from_json(const nlohmann::json& j, AppLatency& latency);
void to_json(nlohmann::json& j, const AppImpact& impact);
void from_json(const nlohmann::json& j, AppImpact& impact);

// A migration's "app_baseline" and "app_timeline" keys, set on its simulation object `j`.
void add_app_run(nlohmann::json& j, const AppRun& run);
// Those keys back (none without "app_baseline").
std::optional<AppRun> app_run_of(const nlohmann::json& simulation);

} // namespace pgdrydock
