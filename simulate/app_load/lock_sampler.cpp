#include "simulate/app_load/lock_sampler.h"

#include <fmt/format.h>

#include "lint/support/error.h"

namespace pgdrydock {
namespace {

constexpr const char* kWaitingStatement = "pgdrydock_lock_waits";
constexpr const char* kWaitingQuery =
    "SELECT a.pid::text, pg_catalog.pg_blocking_pids(a.pid)::text FROM "
    "pg_catalog.pg_stat_activity a WHERE a.datname = pg_catalog.current_database() AND "
    "a.wait_event_type = 'Lock' AND a.pid <> pg_catalog.pg_backend_pid()";

PgSessionSettings sampler_settings() {
  PgSessionSettings s;
  s.application_name = "pgdrydock-app-sampler";
  return s;
}

} // namespace

std::vector<int> parse_pid_array(const std::string& text) {
  std::vector<int> out;
  int value = 0;
  bool digits = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      value = value * 10 + (c - '0');
      digits = true;
    } else if (digits) {
      out.push_back(value);
      value = 0;
      digits = false;
    }
  }
  if (digits)
    out.push_back(value);
  return out;
}

LockSampler::LockSampler(const std::string& conninfo) : session_(conninfo, sampler_settings()) {
  session_.prepare(kWaitingStatement, kWaitingQuery);
  thread_ = std::thread([this] { loop(); });
}

LockSampler::~LockSampler() {
  stop();
}

void LockSampler::stop() {
  stop_.raise();
  if (thread_.joinable())
    thread_.join();
}

void LockSampler::cancel(const std::vector<int>& pids) {
  for (int pid : pids)
    session_.exec(fmt::format("SELECT pg_catalog.pg_cancel_backend({})", pid));
}

void LockSampler::loop() {
  auto next = std::chrono::steady_clock::now();
  for (;;) {
    if (stop_.wait_until(next))
      return;
    SampleRound round;
    round.at = std::chrono::steady_clock::now();
    try {
      const PgRows rows = session_.query_prepared(kWaitingStatement, {});
      for (std::size_t i = 0; i < rows.rows.size(); ++i)
        round.waiting.push_back({std::stoi(rows.value(i, 0)), parse_pid_array(rows.value(i, 1))});
    } catch (const ErrorException&) {
      return; // the server is gone (the run is failing): the rounds so far stay
    }
    rounds_.push_back(std::move(round));
    next =
        std::max(next + std::chrono::milliseconds(kIntervalMs), std::chrono::steady_clock::now());
  }
}

} // namespace pgdrydock
