// The options of the synthetic application workload (`simulate --app-load ...`, issue 20).
#pragma once

#include <optional>
#include <string>

#include "lint/support/error.h"

namespace pgdrydock {

struct AppLoadOptions {
  bool reads = true;                            // primary-key lookups and small range reads
  bool writes = true;                           // inserts and updates by key
  int clients = 4;                              // --app-clients: one connection and thread each
  double rate = 50;                             // --app-rate: queries per second per client
  std::optional<long long> timeout_ms;          // --app-timeout: the clients' statement_timeout
  std::optional<long long> long_transaction_ms; // --long-transaction
  std::optional<long long> lock_timeout_ms;     // --lock-timeout: the careful runner
  int retries = 0;                              // --retries: tries after the first
  long long baseline_ms = 1000; // the workload alone, before any statement, for app_baseline
};

// "reads", "writes" or "reads,writes" (either order) into `options`; a usage error naming
// --app-load otherwise.
Expected<void> parse_app_load_kinds(const std::string& text, AppLoadOptions& options);

} // namespace pgdrydock
