// What the synthetic application felt while a statement was replayed (issue 20,
// simulate/app_load/): header-only like the rest of the result types, so renderers read it
// without linking the workload. JSON keys (the contract): simulate/result/app_impact_json.h.
#pragma once

#include <string>
#include <vector>

namespace pgdrydock {

// Application query latencies, in milliseconds (nearest-rank percentiles).
struct AppLatency {
  double p50 = 0;
  double p99 = 0;
  double max = 0;
};

// One replayed statement under --app-load.
struct AppImpact {
  long long queries = 0;   // application queries that overlapped the statement
  long long blocked = 0;   // of them, seen waiting on a lock (pg_blocking_pids sampling)
  long long failed = 0;    // errors other than the application's own statement timeout
  long long timed_out = 0; // hit --app-timeout
  AppLatency latency_ms;
  double longest_blocked_ms = 0;  // the longest latency of a blocked query
  bool queued_behind_ddl = false; // app queries waited behind the statement's waiting lock
  double ddl_wait_ms = 0;         // the statement itself waiting for a lock, all attempts
  int attempts = 1;               // lock_timeout tries (1 without --lock-timeout)
};

// The workload over a whole migration's replay, for the timeline of the HTML report: the worst
// latency of the queries started in each time bucket, and when each statement ran. Times are
// milliseconds since the workload started.
struct AppTimelinePoint {
  double at_ms = 0;
  double latency_ms = 0;
};

struct AppStatementBand {
  double from_ms = 0;
  double to_ms = 0;
  std::string statement; // "file:line"
};

// A migration's run under --app-load.
struct AppRun {
  AppLatency baseline; // the workload alone, before any statement
  std::vector<AppTimelinePoint> timeline;
  std::vector<AppStatementBand> bands;
};

} // namespace pgdrydock
