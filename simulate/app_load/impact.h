// From raw recordings to the report's numbers: the application's queries (app_client.h) and
// the lock-wait rounds (lock_sampler.h), cut by the time windows of the replayed statements.
// One pass over each, with binary searches: linear in queries and rounds.
#pragma once

#include <chrono>
#include <vector>

#include "simulate/app_load/app_client.h"
#include "simulate/app_load/lock_sampler.h"
#include "simulate/result/app_impact.h"

namespace pgdrydock {

struct StatementWindow {
  std::chrono::steady_clock::time_point start;
  std::chrono::steady_clock::time_point end;
  int ddl_pid = 0; // the replayer's backend
  int attempts = 1;
};

// p50/p99/max by nearest rank (all 0 for no values). Sorts `ms`.
AppLatency latency_of(std::vector<double> ms);

// The latency of the queries that ran wholly inside [from, to].
AppLatency latency_between(const std::vector<AppQuery>& queries,
                           std::chrono::steady_clock::time_point from,
                           std::chrono::steady_clock::time_point to);

// One impact per window (windows in time order, not overlapping; queries and rounds in any
// order of clients but each round list in time order).
std::vector<AppImpact> impacts_of(const std::vector<StatementWindow>& windows,
                                  const std::vector<AppQuery>& queries,
                                  const std::vector<SampleRound>& rounds);

// The HTML report's timeline: per time bucket (100 ms, wider when that would make more than
// 2,000), the worst latency of the queries started in it; milliseconds since `origin`.
std::vector<AppTimelinePoint> latency_timeline(const std::vector<AppQuery>& queries,
                                               std::chrono::steady_clock::time_point origin,
                                               std::chrono::steady_clock::time_point end);

} // namespace pgdrydock
