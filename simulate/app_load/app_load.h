// The synthetic application around a migration's replay (`simulate --app-load`, issue 20):
// started on the migration's seeded database before its first replayed statement, it measures
// a baseline, then runs beside every measured statement (a StatementHook for the replayer),
// opening the long transaction and applying the careful runner when asked. finish() ends every
// session it opened and writes each statement's app_impact.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "simulate/app_load/app_client.h"
#include "simulate/app_load/app_load_options.h"
#include "simulate/app_load/impact.h"
#include "simulate/app_load/lock_sampler.h"
#include "simulate/app_load/workload_tables.h"
#include "simulate/replay/statement_hook.h"

namespace pgdrydock {

class AppLoad final : public StatementHook {
public:
  // Reads the tables, connects the sampler and the clients, and runs the baseline window.
  // Throws ErrorException (environment) when a session cannot connect.
  AppLoad(const std::string& conninfo, const std::vector<std::string>& relations,
          const AppLoadOptions& options);
  ~AppLoad() override; // ends every session (also when the replay threw)
  AppLoad(const AppLoad&) = delete;
  AppLoad& operator=(const AppLoad&) = delete;

  std::optional<PgError> around(const StatementResult& statement, PgSession& session,
                                const Send& send) override;

  // Ends the workload and sets app_impact on each statement of `scripts` that ran measured
  // under it; returns the baseline (the workload alone) and the timeline.
  AppRun finish(std::vector<ScriptResult>& scripts);

  const std::vector<WorkloadTable>& tables() const { return tables_; }

private:
  void stop() noexcept;

  std::string conninfo_;
  AppLoadOptions options_;
  std::vector<WorkloadTable> tables_;
  std::unique_ptr<LockSampler> sampler_;
  std::vector<std::unique_ptr<AppClient>> clients_;
  std::chrono::steady_clock::time_point baseline_from_;
  std::chrono::steady_clock::time_point baseline_to_;
  std::vector<StatementWindow> windows_;
  std::vector<const StatementResult*> statements_; // windows_[i] is statements_[i]'s
  bool stopped_ = false;
};

} // namespace pgdrydock
