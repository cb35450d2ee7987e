// `pgdrydock simulate PATH...`: replay each migration up -> down -> up on a disposable
// PostgreSQL with synthetic data, measure it, check reversibility, render the report.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <set>

#include "cli/cli11.h"
#include <fmt/format.h>

#include "cli/app_load_flags.h"
#include "cli/changed_files.h"
#include "cli/changed_since.h"
#include "cli/command.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "cli/progress_display.h"
#include "cli/report_output.h"
#include "lint/support/duration.h"
#include "reports/report_format.h"
#include "reports/simulation_renderers.h"
#include "simulate/alembic_online.h"
#include "simulate/estimate/sweep.h"
#include "simulate/only_targets.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/seed/seeder.h"
#include "simulate/simulator.h"

namespace pgdrydock {
namespace {

class SimulateCommand : public Command {
public:
  std::string_view name() const override { return "simulate"; }
  std::string_view description() const override {
    return "Replay migrations up, down and up again on a disposable PostgreSQL with synthetic "
           "data; measure time, locks, rewrites and blocking; check reversibility";
  }
  void configure(CLI::App& sub) override {
    add_common_options(sub, options_);
    sub.add_option("--rows", rows_, "Rows per table: N, or table=N to override one (repeatable)");
    sub.add_option("--only", only_, "Simulate only these migration versions (repeatable)");
    sub.add_flag("--quiet,-q", quiet_, "No progress on stderr");
    sub.add_flag("--progress", progress_,
                 "Progress on stderr even when it is not a terminal: one line per phase (on a "
                 "terminal, one line is redrawn in place by default)");
    sub.add_option("--changed-since", changed_since_,
                   "Simulate only the migrations whose files were added or modified since git "
                   "revision REF (as lint --changed-since); with --only, both are simulated")
        ->option_text("REF");
    sub.add_option("--dsn", sandbox_.dsn,
                   "Use a scratch database on this server instead of a disposable cluster");
    sub.add_flag("--keep", sandbox_.keep, "Keep the cluster and databases; print how to connect");
    sub.add_option("--pg-bin", sandbox_.pg_bin, "Folder holding postgres and initdb");
    sub.add_option("--pg-user", sandbox_.pg_user,
                   "System user to run PostgreSQL as when pgdrydock runs as root (postgres)");
    sub.add_option("--statement-timeout", statement_timeout_,
                   std::string("Bound for one replayed statement (default 15min) ") +
                       kDurationHelp);
    sub.add_flag("--require-reversible", require_reversible_,
                 "Fail when a migration has no down script");
    sub.add_option("--sizes", sizes_,
                   "Run once per size and fit cost against rows: 10k,100k,1M (rows per table, "
                   "or with --stats the largest table's rows)");
    sub.add_option("--target-rows", target_rows_,
                   "Production rows to extrapolate to: table=N (repeatable; wins over --stats)");
    sub.add_flag("--no-scale-memory", no_scale_memory_,
                 "Sweep with the sandbox's own memory settings at every size instead of the "
                 "target's scaled down with the size (docs/simulate.md, scale model)");
    sub.add_option("--max-lock", max_lock_,
                   "Budget gate: fail when a statement's estimated lock hold (high end of its "
                   "range) exceeds this, e.g. 2s " +
                       std::string(kDurationHelp));
    sub.add_option("--max-duration", max_duration_,
                   "Budget gate: fail when a statement's estimated duration (high end of its "
                   "range) exceeds this, e.g. 10m " +
                       std::string(kDurationHelp));
    app_load_.add_to(sub);
  }
  int run() override {
    // Referencing the flags links the simulation renderers into the executable.
    if (!simulation_text_report_registered || !markdown_report_registered ||
        !html_report_registered)
      throw ErrorException(usage_error("the simulation report formats failed to register"));
    ResolvedOptions resolved = resolve_options(options_, "simulation-text");
    // The lint renderer called "text" shows findings only; simulate's own shows measurements.
    std::string format = resolved.format == "text" ? "simulation-text" : resolved.format;
    const ReportRenderer* renderer = find_renderer(format);
    if (!renderer)
      throw ErrorException(usage_error("--format " + format + ": unknown format"));

    SimulateOptions sim;
    sim.lint = resolved.lint;
    sim.lint.keep_all_statements = true;
    sim.require_reversible = require_reversible_;
    sim.keep_databases = sandbox_.keep;
    sim.only.insert(only_.begin(), only_.end());
    for (const auto& r : rows_)
      if (Expected<void> added = add_rows_option(sim.seed, r); !added)
        return fail_with(added.error());
    sim.statement_timeout_ms = std::max(
        1LL, std::llround(duration_ms_option("--statement-timeout", statement_timeout_, true)));
    // --stats: synthetic data shaped like production (relative sizes, NULLs, widths, distinct
    // values); `resolved` owns the file for the whole run.
    sim.seed.stats = resolved.stats.get();
    SweepOptions sweep;
    sweep.scale_memory = !no_scale_memory_;
    Budget budget;
    // "--sizes/--target-rows: ..." names the options, as it always has.
    auto sizes_problem = [](Error error) {
      error.message = "--sizes/--target-rows: " + error.message;
      return fail_with(error);
    };
    if (!sizes_.empty()) {
      Expected<std::vector<long long>> sizes = parse_sizes(sizes_);
      if (!sizes)
        return sizes_problem(sizes.error());
      sweep.sizes = std::move(*sizes);
    }
    for (const auto& t : target_rows_)
      if (Expected<void> added = add_target_rows_option(sweep.target_rows, t); !added)
        return sizes_problem(added.error());
    if (!max_lock_.empty())
      budget.max_lock_seconds = duration_ms_option("--max-lock", max_lock_) / 1000;
    if (!max_duration_.empty())
      budget.max_duration_seconds = duration_ms_option("--max-duration", max_duration_) / 1000;
    // Estimates need a sweep: a budget or target rows alone use the default sizes.
    if (sweep.sizes.empty() && (budget.any() || !sweep.target_rows.empty()))
      sweep.sizes = default_sweep_sizes();
    if (resolved.stats)
      use_stats(sweep, *resolved.stats);
    if (auto app_load = app_load_.resolve(); !app_load)
      return fail_with(app_load.error());
    else
      sim.app_load = *app_load;
    if (sim.app_load && !sweep.sizes.empty())
      return fail_with(usage_error("--app-load cannot be combined with --sizes (or the "
                                   "estimates and budgets built on it)"));

    std::optional<AlembicSelection> alembic; // set for an Alembic project
    MigrationSet set = load_migration_set(options_, resolved, &alembic);
    // Revisions that cannot render to SQL run online, between the SQL ones (one step each).
    const bool alembic_online = alembic && !alembic->online.empty();
    if (alembic_online && !sweep.sizes.empty())
      throw ErrorException(
          usage_error("--sizes (and the estimates and budgets built on it) cannot yet include "
                      "Alembic revisions that run online (" +
                      alembic->online.front().revision + " in " + alembic->online.front().file +
                      "); select a range without them with --from/--to"));
    if (!set.errors.empty()) {
      LintResult bad;
      bad.errors = set.errors;
      print_input_errors(bad, std::cerr);
      return kExitError;
    }
    if (!changed_since_.empty()) {
      std::vector<std::string> changed = files_inside(
          options_.paths, value_or_throw(files_changed_since(changed_since_, options_.paths)));
      std::vector<std::size_t> touched = migrations_touching(set, options_.paths, changed);
      if (touched.empty() && only_.empty()) {
        std::cerr << "pgdrydock: no migration changed since " << changed_since_
                  << ": nothing to simulate\n";
        return 0;
      }
      for (std::size_t i : touched)
        sim.only.insert(set.migrations[i].version);
    }
    // An Alembic revision that runs online is a target too, though not in `set`.
    std::set<std::string> sql_targets = sim.only;
    if (alembic)
      for (const auto& revision : alembic->online)
        sql_targets.erase(revision.revision);
    if (Expected<void> targets = check_only_targets(set, sql_targets); !targets)
      return fail_with(targets.error());
    sim.schema_path = options_.schema_path;

    // Progress on stderr (cli/progress_display.h); ended before the report or an error prints.
    std::unique_ptr<Progress> display =
        make_progress_display(progress_mode(quiet_, progress_), std::cerr);
    Progress& progress = display ? *display : no_progress();
    struct EndProgress {
      Progress& shown;
      ~EndProgress() { shown.finish(); }
    } end_progress{progress};
    sim.progress = &progress;

    // The server major: --pg-version, else the config's pg_version, else the major the --stats
    // file was taken from; none of them: whichever PostgreSQL is found.
    int stats_major = 0;
    if (resolved.stats && !resolved.stats->server_version.empty())
      stats_major = std::atoi(resolved.stats->server_version.c_str());
    if (options_.pg_version)
      sandbox_.pg_major = *options_.pg_version;
    else if (resolved.config.pg_version)
      sandbox_.pg_major = *resolved.config.pg_version;
    else
      sandbox_.pg_major = stats_major;

    install_sandbox_signal_cleanup();
    std::unique_ptr<Sandbox> sandbox;
    progress.phase(sandbox_.dsn.empty() ? "start PostgreSQL" : "connect to PostgreSQL");
    try {
      sandbox = Sandbox::start(sandbox_);
    } catch (const ErrorException& e) {
      progress.finish();
      return fail_with(e.error());
    }
    sim.lint.pg_version = sandbox->server_major_version();
    if (sandbox_.pg_major > 0 && sandbox_.pg_major != sim.lint.pg_version) // only with --dsn
      progress.message(fmt::format("pgdrydock: warning: the server runs PostgreSQL {}, not the {} "
                                   "asked for; the report is a {} answer",
                                   sandbox->server_version(), sandbox_.pg_major,
                                   sim.lint.pg_version));
    if (stats_major > 0 && stats_major != sim.lint.pg_version)
      progress.message(fmt::format(
          "pgdrydock: warning: the statistics come from PostgreSQL {}, the sandbox runs {}: "
          "locks, rewrites and timings can differ between majors (--pg-version {} to match)",
          resolved.stats->server_version, sandbox->server_version(), stats_major));
    if (sandbox->owns_server())
      progress.message(fmt::format("pgdrydock: PostgreSQL {} sandbox in {} (postmaster pid {})",
                                   sandbox->server_version(), sandbox->folder(),
                                   sandbox->postmaster_pid()));
    else
      progress.message(fmt::format("pgdrydock: PostgreSQL {}, scratch database {}",
                                   sandbox->server_version(), sandbox->working_database()));
    LintResult result;
    try {
      // Alembic: online revisions between the SQL ones, and a revision failing in its
      // transaction does not stop the later ones (simulate/alembic_online.h).
      if (alembic && sweep.sizes.empty())
        result = simulate_alembic_migrations(set, alembic->online, alembic->options, *sandbox, sim);
      else
        result = sweep.sizes.empty() ? simulate_migrations(set, *sandbox, sim)
                                     : simulate_sweep(set, *sandbox, sim, sweep);
    } catch (const ErrorException& e) {
      progress.finish();
      Error aborted = e.error();
      aborted.message = "simulation aborted: " + aborted.message;
      return fail_with(aborted);
    } catch (const std::exception& e) {
      progress.finish();
      // libpqxx and the standard library below the simulation: the run ends here, named.
      return fail_with(environment_error(std::string("simulation aborted: ") + e.what()));
    }
    progress.finish();
    wait_if_interrupted();        // no report of a run the user stopped
    apply_budget(result, budget); // before rendering: the reports show the verdict
    if (Expected<void> printed =
            print_report(*renderer, result, RenderOptions{resolved.color, true});
        !printed) {
      sandbox->stop();
      return fail_with(printed.error());
    }
    if (sandbox_.keep)
      std::cerr << sandbox->describe() << '\n';
    sandbox->stop();
    if (over_a_limit(result)) { // a statement over the nesting limit: input error, as in lint
      print_input_errors(result, std::cerr);
      return kExitError;
    }
    const int checks = simulation_exit_code(result, require_reversible_);
    const bool app_over = app_load_.over_budget(result);
    return budget_gate(result) || app_over ? 1 : checks;
  }

private:
  // Prints the budget's verdict on stderr; true when a statement exceeds it.
  bool budget_gate(const LintResult& result) const {
    bool failed = false;
    for (const auto& m : result.migrations) {
      if (!m.simulation || !m.simulation->budget)
        continue;
      for (const auto& v : m.simulation->budget->violations) {
        std::cerr << "pgdrydock: over budget: " << v << '\n';
        failed = true;
      }
      for (const auto& u : m.simulation->budget->unestimated)
        std::cerr << "pgdrydock: not checked against the budget (no target rows for its table; "
                     "give --stats or --target-rows): "
                  << u << '\n';
    }
    return failed;
  }

  CommonOptions options_;
  SandboxOptions sandbox_;
  std::vector<std::string> rows_;
  std::vector<std::string> only_;
  std::string changed_since_; // --changed-since REF
  bool quiet_ = false;        // --quiet
  bool progress_ = false;     // --progress
  std::string statement_timeout_ = "15min";
  bool require_reversible_ = false;
  std::string sizes_;
  std::vector<std::string> target_rows_;
  std::string max_lock_;
  std::string max_duration_;
  bool no_scale_memory_ = false;
  AppLoadFlags app_load_;
};

} // namespace
PGDRYDOCK_REGISTER_COMMAND(SimulateCommand)
} // namespace pgdrydock
