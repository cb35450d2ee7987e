// `pgdrydock simulate PATH...`: replay each migration up -> down -> up on a disposable
// PostgreSQL with synthetic data, measure it, check reversibility, render the report.
#include <iostream>

#include <CLI/CLI.hpp>

#include "lint/cli/command.h"
#include "lint/cli/common_options.h"
#include "reports/report_format.h"
#include "reports/simulation_renderers.h"
#include "simulate/sandbox.h"
#include "simulate/seeder.h"
#include "simulate/simulator.h"

namespace pgdrydock {
namespace {

// "15min", "90s", "500ms", "2h" or plain milliseconds.
long long parse_duration_ms(const std::string& text) {
  std::size_t used = 0;
  long long n = std::stoll(text, &used);
  const std::string unit = text.substr(used);
  if (unit.empty() || unit == "ms")
    return n;
  if (unit == "s")
    return n * 1000;
  if (unit == "min" || unit == "m")
    return n * 60 * 1000;
  if (unit == "h")
    return n * 3600 * 1000;
  throw UsageError("--statement-timeout " + text + ": use a number with ms, s, min or h");
}

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
    sub.add_option("--dsn", sandbox_.dsn,
                   "Use a scratch database on this server instead of a disposable cluster");
    sub.add_flag("--keep", sandbox_.keep, "Keep the cluster and databases; print how to connect");
    sub.add_option("--pg-bin", sandbox_.pg_bin, "Folder holding postgres and initdb");
    sub.add_option("--pg-user", sandbox_.pg_user,
                   "System user to run PostgreSQL as when pgdrydock runs as root (postgres)");
    sub.add_option("--statement-timeout", statement_timeout_,
                   "Bound for one replayed statement (default 15min)");
    sub.add_flag("--require-reversible", require_reversible_,
                 "Fail when a migration has no down script");
  }
  int run() override {
    // Referencing the flags links the simulation renderers into the executable.
    if (!simulation_text_report_registered || !markdown_report_registered)
      throw UsageError("the simulation report formats failed to register");
    ResolvedOptions resolved = resolve_options(options_, "simulation-text");
    // The lint renderer called "text" shows findings only; simulate's own shows measurements.
    std::string format = resolved.format == "text" ? "simulation-text" : resolved.format;
    const ReportRenderer* renderer = find_renderer(format);
    if (!renderer)
      throw UsageError("--format " + format + ": unknown format");

    SimulateOptions sim;
    sim.lint = resolved.lint;
    sim.lint.keep_all_statements = true;
    sim.require_reversible = require_reversible_;
    sim.keep_databases = sandbox_.keep;
    sim.only.insert(only_.begin(), only_.end());
    try {
      for (const auto& r : rows_)
        add_rows_option(sim.seed, r);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--rows: ") + e.what());
    }
    sim.statement_timeout_ms = parse_duration_ms(statement_timeout_);

    MigrationSet set = load_migration_set(options_, resolved);
    if (!set.errors.empty()) {
      LintResult bad;
      bad.errors = set.errors;
      print_input_errors(bad, std::cerr);
      return 2;
    }

    install_sandbox_signal_cleanup();
    std::unique_ptr<Sandbox> sandbox;
    try {
      sandbox = Sandbox::start(sandbox_);
    } catch (const SandboxError& e) {
      std::cerr << "pgdrydock: " << e.what() << '\n';
      return 2;
    }
    sim.lint.pg_version = sandbox->server_major_version();
    if (sandbox->owns_server())
      std::cerr << "pgdrydock: PostgreSQL " << sandbox->server_version() << " sandbox in "
                << sandbox->folder() << " (postmaster pid " << sandbox->postmaster_pid() << ")\n";
    else
      std::cerr << "pgdrydock: PostgreSQL " << sandbox->server_version() << ", scratch database "
                << sandbox->working_database() << '\n';
    LintResult result;
    try {
      result = simulate_migrations(set, *sandbox, sim);
    } catch (const std::exception& e) {
      std::cerr << "pgdrydock: simulation aborted: " << e.what() << '\n';
      return 2;
    }
    RenderOptions render{resolved.color, true};
    renderer->render(result, render, std::cout);
    std::cout.flush();
    if (sandbox_.keep)
      std::cerr << sandbox->describe() << '\n';
    sandbox->stop();
    return simulation_exit_code(result, require_reversible_);
  }

private:
  CommonOptions options_;
  SandboxOptions sandbox_;
  std::vector<std::string> rows_;
  std::vector<std::string> only_;
  std::string statement_timeout_ = "15min";
  bool require_reversible_ = false;
};

} // namespace
PGDRYDOCK_REGISTER_COMMAND(SimulateCommand)
} // namespace pgdrydock
