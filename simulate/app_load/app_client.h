// One synthetic application connection: a thread issuing, at a steady rate, primary-key
// lookups, small range reads, updates and inserts by key on the workload's tables, and
// recording each query's start, end and outcome. Its own connection through PgClient.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "simulate/app_load/app_load_options.h"
#include "simulate/app_load/stop_signal.h"
#include "simulate/app_load/workload_tables.h"
#include "simulate/sandbox/pg_client.h"

namespace pgdrydock {

struct AppQuery {
  enum class Outcome : unsigned char { Ok, Failed, TimedOut };
  std::chrono::steady_clock::time_point start;
  std::chrono::steady_clock::time_point end;
  int pid = 0; // the client's backend
  Outcome outcome = Outcome::Ok;
  double latency_ms() const {
    return std::chrono::duration<double, std::milli>(end - start).count();
  }
};

// application_name of every workload session (the clean-up check looks for it).
inline constexpr const char* kAppSessionName = "pgdrydock-app";

class AppClient {
public:
  // Connects (throws ErrorException, environment) and starts issuing queries. `tables` must
  // outlive the client; `index` spreads clients over rows and keeps their new keys apart.
  AppClient(const std::string& conninfo, const std::vector<WorkloadTable>& tables,
            const AppLoadOptions& options, int index);
  ~AppClient(); // stop()
  AppClient(const AppClient&) = delete;
  AppClient& operator=(const AppClient&) = delete;

  int backend_pid() const { return pid_; }
  // Asks the thread to end after its current query and waits for it (a query blocked on a lock
  // must be cancelled by the caller first: AppLoad does).
  void stop();
  // After stop(): every query it issued, in order.
  const std::vector<AppQuery>& queries() const { return queries_; }

private:
  struct Shape {
    std::string statement; // prepared name
    const WorkloadTable* table;
    char kind; // 'l' lookup, 'r' range, 'u' update, 'i' insert
  };
  void loop();
  AppQuery::Outcome issue(const Shape& shape, long long n);

  PgClient client_;
  std::vector<Shape> shapes_;
  double interval_s_;
  int index_;
  int pid_ = 0;
  long long inserted_ = 0;
  std::vector<AppQuery> queries_;
  StopSignal stop_;
  std::thread thread_;
};

} // namespace pgdrydock
