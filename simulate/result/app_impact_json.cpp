#include "simulate/result/app_impact_json.h"

namespace pgdrydock {

using nlohmann::json;

void to_json(json& j, const AppLatency& l) {
  j = {{"p50", l.p50}, {"p99", l.p99}, {"max", l.max}};
}

void from_json(const json& j, AppLatency& l) {
  l.p50 = j.at("p50").get<double>();
  l.p99 = j.at("p99").get<double>();
  l.max = j.at("max").get<double>();
}

void to_json(json& j, const AppImpact& a) {
  j = {{"queries", a.queries},
       {"blocked", a.blocked},
       {"failed", a.failed},
       {"timed_out", a.timed_out},
       {"latency_ms", a.latency_ms},
       {"longest_blocked_ms", a.longest_blocked_ms},
       {"queued_behind_ddl", a.queued_behind_ddl},
       {"ddl_wait_ms", a.ddl_wait_ms},
       {"attempts", a.attempts}};
}

void from_json(const json& j, AppImpact& a) {
  a.queries = j.at("queries").get<long long>();
  a.blocked = j.at("blocked").get<long long>();
  a.failed = j.at("failed").get<long long>();
  a.timed_out = j.at("timed_out").get<long long>();
  a.latency_ms = j.at("latency_ms").get<AppLatency>();
  a.longest_blocked_ms = j.at("longest_blocked_ms").get<double>();
  a.queued_behind_ddl = j.at("queued_behind_ddl").get<bool>();
  a.ddl_wait_ms = j.at("ddl_wait_ms").get<double>();
  a.attempts = j.at("attempts").get<int>();
}

void add_app_run(json& j, const AppRun& run) {
  j["app_baseline"] = {{"latency_ms", run.baseline}};
  json points = json::array();
  for (const auto& p : run.timeline)
    points.push_back({p.at_ms, p.latency_ms});
  json bands = json::array();
  for (const auto& b : run.bands)
    bands.push_back({{"from_ms", b.from_ms}, {"to_ms", b.to_ms}, {"statement", b.statement}});
  j["app_timeline"] = {{"points", points}, {"statements", bands}};
}

std::optional<AppRun> app_run_of(const json& j) {
  if (!j.contains("app_baseline") || !j["app_baseline"].is_object())
    return std::nullopt;
  AppRun run;
  run.baseline = j["app_baseline"].at("latency_ms").get<AppLatency>();
  if (j.contains("app_timeline")) {
    const json& t = j["app_timeline"];
    for (const auto& p : t.at("points"))
      run.timeline.push_back({p.at(0).get<double>(), p.at(1).get<double>()});
    for (const auto& b : t.at("statements"))
      run.bands.push_back({b.at("from_ms").get<double>(), b.at("to_ms").get<double>(),
                           b.at("statement").get<std::string>()});
  }
  return run;
}

} // namespace pgdrydock
