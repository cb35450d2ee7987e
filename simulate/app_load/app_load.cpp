#include "simulate/app_load/app_load.h"

#include <thread>

#include "simulate/app_load/careful_runner.h"
#include "simulate/app_load/long_transaction.h"

namespace pgdrydock {

using Clock = std::chrono::steady_clock;

AppLoad::AppLoad(const std::string& conninfo, const std::vector<std::string>& relations,
                 const AppLoadOptions& options)
    : conninfo_(conninfo), options_(options) {
  {
    PgSession catalog(conninfo);
    tables_ = read_workload_tables(catalog, relations);
  }
  sampler_ = std::make_unique<LockSampler>(conninfo);
  for (int i = 0; i < options.clients; ++i)
    clients_.push_back(std::make_unique<AppClient>(conninfo, tables_, options, i));
  baseline_from_ = Clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(options.baseline_ms));
  baseline_to_ = Clock::now();
}

AppLoad::~AppLoad() {
  stop();
}

std::optional<PgError> AppLoad::around(const StatementResult& statement, PgSession& session,
                                       const Send& send) {
  std::unique_ptr<LongTransaction> long_transaction;
  if (options_.long_transaction_ms && !tables_.empty()) {
    std::vector<std::string> names;
    for (const auto& t : tables_)
      names.push_back(t.table);
    long_transaction = std::make_unique<LongTransaction>(
        conninfo_, names, std::chrono::milliseconds(*options_.long_transaction_ms));
  }
  StatementWindow window;
  window.ddl_pid = session.backend_pid();
  window.start = Clock::now();
  CarefulRun run = options_.lock_timeout_ms
                       ? run_carefully(session, send, *options_.lock_timeout_ms, options_.retries)
                       : CarefulRun{send(), 1};
  window.end = Clock::now();
  window.attempts = run.attempts;
  windows_.push_back(window);
  statements_.push_back(&statement);
  // The next statement gets a long transaction of its own, opened just before it.
  if (long_transaction)
    long_transaction->end();
  return run.error;
}

void AppLoad::stop() noexcept {
  if (stopped_)
    return;
  stopped_ = true;
  // A client still waiting on a lock when the replay ends (or failed) would never return:
  // cancel what the clients run, then let them finish.
  if (sampler_) {
    sampler_->stop();
    std::vector<int> pids;
    for (const auto& c : clients_)
      pids.push_back(c->backend_pid());
    try {
      sampler_->cancel(pids);
    } catch (const std::exception&) {
      // The server is gone: so are the clients' queries.
    }
  }
  for (auto& c : clients_)
    c->stop();
}

AppRun AppLoad::finish(std::vector<ScriptResult>& scripts) {
  stop();
  std::vector<AppQuery> queries;
  for (const auto& c : clients_)
    queries.insert(queries.end(), c->queries().begin(), c->queries().end());
  const std::vector<AppImpact> impacts = impacts_of(windows_, queries, sampler_->rounds());
  std::map<const StatementResult*, const AppImpact*> by_statement;
  for (std::size_t i = 0; i < impacts.size(); ++i)
    by_statement[statements_[i]] = &impacts[i];
  for (auto& script : scripts)
    for (auto& st : script.statements)
      if (auto it = by_statement.find(&st); it != by_statement.end() && st.measured)
        st.measured->app_impact = *it->second;
  AppRun run;
  run.baseline = latency_between(queries, baseline_from_, baseline_to_);
  const auto end = windows_.empty() ? Clock::now() : windows_.back().end;
  run.timeline = latency_timeline(queries, baseline_from_, end);
  auto since = [&](Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(t - baseline_from_).count();
  };
  for (std::size_t i = 0; i < windows_.size(); ++i)
    run.bands.push_back(
        {since(windows_[i].start), since(windows_[i].end),
         statements_[i]->location.file + ":" + std::to_string(statements_[i]->location.line)});
  // Sessions closed now, not when the migration's result is dropped.
  clients_.clear();
  sampler_.reset();
  return run;
}

} // namespace pgdrydock
