// `pgdrydock lint PATH...`: read the migrations, lint them, render the report, exit 0/1/2.
#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/cli11.h"

#include "cli/baseline.h"
#include "cli/catalog_cache_store.h"
#include "cli/changed_files.h"
#include "cli/changed_since.h"
#include "cli/command.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "cli/progress_display.h"
#include "cli/report_output.h"
#include "lint/catalog/replay.h"
#include "reports/report_format.h"

namespace pgdrydock {
namespace {

// The process exits right after a lint: a release build leaves the history, the report and the
// catalogs to the OS instead of freeing their millions of small allocations one by one (that
// took up to a third of a `--changed` run). Debug and sanitizer builds free everything, so
// LeakSanitizer still checks all the rest.
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
constexpr bool kFreeAtExit = false;
#else
constexpr bool kFreeAtExit = true;
#endif

class LintCommand : public Command {
public:
  std::string_view name() const override { return "lint"; }
  std::string_view description() const override {
    return "Check migrations for dangerous locks, rewrites and transaction misuse";
  }
  void configure(CLI::App& sub) override {
    add_common_options(sub, options_);
    sub.add_flag("--effects", show_effects_,
                 "text format: also list the predicted locks of each reported statement");
    sub.add_option("--changed", changed_,
                   "Lint only these migration files (repeatable; as pre-commit passes them); "
                   "the rest of the history the paths name is replayed, not linted");
    sub.add_option("--changed-since", changed_since_,
                   "Lint only the migrations whose files were added or modified since git "
                   "revision REF (its merge base with HEAD; uncommitted files count); the rest "
                   "of the history is replayed, not linted")
        ->option_text("REF");
    sub.add_option("--baseline", baseline_path_,
                   "Report only findings that are not in this baseline file (written by "
                   "--write-baseline); the summary says how many it suppressed");
    sub.add_option("--write-baseline", write_baseline_path_,
                   "Record every finding of this run in FILE as accepted (adopting pgdrydock on "
                   "an old history) and exit 0 unless an input error stops the run");
    sub.add_flag("--quiet,-q", quiet_, "No progress on stderr");
    sub.add_flag("--progress", progress_,
                 "Progress on stderr even when it is not a terminal (on a terminal, a run "
                 "longer than a second shows one line redrawn in place)");
    sub.add_option("--cache-dir", cache_.dir,
                   "Folder of the catalog cache (default $PGDRYDOCK_CACHE_DIR, else "
                   "$XDG_CACHE_HOME/pgdrydock, else ~/.cache/pgdrydock)");
    sub.add_option("--threads", threads_,
                   "Worker threads beside the catalog replay (default: one per core; 1: none, "
                   "everything on one thread). The report is the same whatever the number")
        ->check(CLI::Range(1, 1024));
    sub.add_flag("--no-cache", no_cache_,
                 "Neither read nor write the catalog cache (the schema of the history before "
                 "the linted migrations)");
  }
  int run() override {
    ResolvedOptions resolved = resolve_options(options_, "text");
    if (!baseline_path_.empty() && !write_baseline_path_.empty())
      return fail_with(usage_error("--baseline and --write-baseline: give one of them (a new "
                                   "baseline records every finding; it does not start from "
                                   "an old one)"));
    // Read before linting: a bad baseline stops the run before any work is done.
    std::optional<Baseline> baseline;
    if (!baseline_path_.empty())
      baseline = value_or_throw(read_baseline(baseline_path_));
    MigrationSet set = load_migration_set(options_, resolved);
    std::vector<std::string> changed = changed_;
    if (!changed_since_.empty()) {
      std::vector<std::string> since =
          value_or_throw(files_changed_since(changed_since_, options_.paths));
      since = files_inside(options_.paths, since);
      changed.insert(changed.end(), since.begin(), since.end());
    }
    if (!changed_.empty() || !changed_since_.empty()) {
      resolved.lint.linted = migrations_touching(set, options_.paths, changed);
      if (resolved.lint.linted.empty()) { // nothing of the history changed: nothing to lint
        set.migrations.clear();
        if (!changed_since_.empty())
          std::cerr << "pgdrydock: no migration changed since " << changed_since_
                    << ": nothing to lint\n";
      }
    }
    // The catalog cache: the history before the first linted migration is not replayed again
    // when it has not changed since the last run (cli/catalog_cache_store.h).
    // The command line wins over [cache] in the config.
    CatalogCacheSettings cache_settings = cache_;
    cache_settings.enabled = !no_cache_ && resolved.config.cache_enabled.value_or(true);
    cache_settings.config_dir = resolved.config.cache_dir.value_or("");
    std::string schema_text;
    if (cache_settings.enabled && !options_.schema_path.empty())
      schema_text = value_or_throw(read_schema_dump(options_.schema_path));
    CatalogCacheRun cache(cache_settings, options_.paths, schema_text, resolved.lint.pg_version,
                          std::cerr);
    const std::vector<std::size_t>& linted = resolved.lint.linted;
    cache.attach(set, linted.empty() ? 0 : *std::min_element(linted.begin(), linted.end()),
                 resolved.lint);
    if (threads_ > 0)
      resolved.lint.threads = threads_;
    resolved.lint.free_catalog = kFreeAtExit;
    // Progress on stderr (cli/progress_display.h), ended before the report prints.
    std::unique_ptr<Progress> display =
        make_progress_display(progress_mode(quiet_, progress_), std::cerr);
    if (display)
      resolved.lint.progress = display.get();
    LintResult result = lint_migrations(set, resolved.lint);
    if (display)
      display->finish();
    resolved.lint.progress = &no_progress(); // the display ends here; LintOptions may outlive it
    cache.store();
    if (baseline)
      apply_baseline(result, *baseline, resolved.lint.keep_all_statements);
    if (!write_baseline_path_.empty()) {
      std::size_t recorded = value_or_throw(write_baseline(write_baseline_path_, result));
      std::cerr << "pgdrydock: " << recorded << " finding" << (recorded == 1 ? "" : "s")
                << " recorded in the baseline " << write_baseline_path_ << '\n';
    }

    // The report goes to stdout only, whole or not at all (cli/report_output.h).
    const ReportRenderer* renderer = find_renderer(resolved.format);
    if (Expected<void> printed =
            print_report(*renderer, result, RenderOptions{resolved.color, show_effects_});
        !printed)
      return fail_with(printed.error());

    print_input_errors(result, std::cerr);
    std::ostream& summary_out = summary_goes_to_stdout(resolved.format) ? std::cout : std::cerr;
    summary_out << summary_line(result.summary) << '\n';
    int code = exit_code_for(result, resolved.fail_on);
    // Every finding was just accepted; input errors (exit 2) still fail: they are not findings.
    if (!write_baseline_path_.empty() && code == 1)
      code = 0;
    if (!kFreeAtExit) { // deliberately never freed: see kFreeAtExit
      new LintResult(std::move(result));
      new MigrationSet(std::move(set));
      new LintOptions(std::move(resolved.lint)); // holds the catalog cache's decoded catalog
    }
    return code;
  }

private:
  CommonOptions options_;
  bool show_effects_ = false;
  std::vector<std::string> changed_; // --changed
  std::string changed_since_;        // --changed-since REF
  std::string baseline_path_;        // --baseline FILE
  std::string write_baseline_path_;  // --write-baseline FILE
  CatalogCacheSettings cache_;       // --cache-dir
  bool no_cache_ = false;            // --no-cache
  bool quiet_ = false;               // --quiet
  bool progress_ = false;            // --progress
  unsigned threads_ = 0;             // --threads; 0: LintOptions' default
};

} // namespace
PGDRYDOCK_REGISTER_COMMAND(LintCommand)
} // namespace pgdrydock
