#include "simulate/app_load/impact.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <unordered_map>

namespace pgdrydock {
namespace {

using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

bool has(const std::vector<int>& pids, int pid) {
  return std::find(pids.begin(), pids.end(), pid) != pids.end();
}

// The statement's own lock wait and whether the application queued behind it, from the rounds
// inside the window. A round counts until the next one.
void read_rounds(const StatementWindow& w, const std::vector<SampleRound>& rounds,
                 AppImpact& impact) {
  auto it = std::lower_bound(rounds.begin(), rounds.end(), w.start,
                             [](const SampleRound& r, Clock::time_point t) { return r.at < t; });
  for (; it != rounds.end() && it->at <= w.end; ++it) {
    bool ddl_waits = false;
    for (const auto& wait : it->waiting)
      ddl_waits = ddl_waits || wait.pid == w.ddl_pid;
    if (!ddl_waits)
      continue;
    const auto next = std::next(it) == rounds.end() ? w.end : std::min(std::next(it)->at, w.end);
    impact.ddl_wait_ms += ms_between(it->at, next);
    for (const auto& wait : it->waiting)
      if (wait.pid != w.ddl_pid && has(wait.blockers, w.ddl_pid))
        impact.queued_behind_ddl = true;
  }
}

} // namespace

AppLatency latency_of(std::vector<double> ms) {
  if (ms.empty())
    return {};
  std::sort(ms.begin(), ms.end());
  auto rank = [&](double p) {
    const auto n = static_cast<double>(ms.size());
    const auto i = static_cast<std::size_t>(std::max(1.0, std::ceil(p * n))) - 1;
    return ms[std::min(i, ms.size() - 1)];
  };
  return {rank(0.50), rank(0.99), ms.back()};
}

AppLatency latency_between(const std::vector<AppQuery>& queries, Clock::time_point from,
                           Clock::time_point to) {
  std::vector<double> ms;
  for (const auto& q : queries)
    if (q.start >= from && q.end <= to)
      ms.push_back(q.latency_ms());
  return latency_of(std::move(ms));
}

std::vector<AppImpact> impacts_of(const std::vector<StatementWindow>& windows,
                                  const std::vector<AppQuery>& queries,
                                  const std::vector<SampleRound>& rounds) {
  // When each session was seen waiting on a lock, in time order.
  std::unordered_map<int, std::vector<Clock::time_point>> waits;
  for (const auto& round : rounds)
    for (const auto& wait : round.waiting)
      waits[wait.pid].push_back(round.at);
  auto waited = [&](const AppQuery& q) {
    auto found = waits.find(q.pid);
    if (found == waits.end())
      return false;
    auto it = std::lower_bound(found->second.begin(), found->second.end(), q.start);
    return it != found->second.end() && *it <= q.end;
  };

  std::vector<AppImpact> out(windows.size());
  std::vector<std::vector<double>> latencies(windows.size());
  for (std::size_t i = 0; i < windows.size(); ++i) {
    out[i].attempts = windows[i].attempts;
    read_rounds(windows[i], rounds, out[i]);
  }
  for (const auto& q : queries) {
    // The first window ending at or after the query's start, then every one it overlaps.
    auto w =
        std::lower_bound(windows.begin(), windows.end(), q.start,
                         [](const StatementWindow& s, Clock::time_point t) { return s.end < t; });
    const bool blocked = w != windows.end() && w->start <= q.end && waited(q);
    for (; w != windows.end() && w->start <= q.end; ++w) {
      const auto i = static_cast<std::size_t>(w - windows.begin());
      AppImpact& impact = out[i];
      ++impact.queries;
      latencies[i].push_back(q.latency_ms());
      if (q.outcome == AppQuery::Outcome::Failed)
        ++impact.failed;
      if (q.outcome == AppQuery::Outcome::TimedOut)
        ++impact.timed_out;
      if (blocked) {
        ++impact.blocked;
        impact.longest_blocked_ms = std::max(impact.longest_blocked_ms, q.latency_ms());
      }
    }
  }
  for (std::size_t i = 0; i < windows.size(); ++i)
    out[i].latency_ms = latency_of(std::move(latencies[i]));
  return out;
}

std::vector<AppTimelinePoint> latency_timeline(const std::vector<AppQuery>& queries,
                                               Clock::time_point origin, Clock::time_point end) {
  constexpr std::size_t kMaxPoints = 2000;
  const double span = std::max(1.0, ms_between(origin, end));
  const double width = std::max(100.0, span / kMaxPoints);
  std::vector<double> worst(static_cast<std::size_t>(span / width) + 1, -1);
  for (const auto& q : queries) {
    const double at = ms_between(origin, q.start);
    if (at < 0 || at > span)
      continue;
    double& w = worst[std::min(worst.size() - 1, static_cast<std::size_t>(at / width))];
    w = std::max(w, q.latency_ms());
  }
  std::vector<AppTimelinePoint> out;
  for (std::size_t i = 0; i < worst.size(); ++i)
    if (worst[i] >= 0)
      out.push_back({static_cast<double>(i) * width, worst[i]});
  return out;
}

} // namespace pgdrydock
