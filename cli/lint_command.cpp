// `pgdrydock lint PATH...`: read the migrations, lint them, render the report, exit 0/1/2.
#include <algorithm>
#include <iostream>

#include "cli/cli11.h"

#include "cli/catalog_cache_store.h"
#include "cli/changed_files.h"
#include "cli/command.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
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
    MigrationSet set = load_migration_set(options_, resolved);
    if (!changed_.empty()) {
      resolved.lint.linted = migrations_touching(set, options_.paths, changed_);
      if (resolved.lint.linted.empty()) // nothing of the history changed: nothing to lint
        set.migrations.clear();
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
    LintResult result = lint_migrations(set, resolved.lint);
    cache.store();

    // The report goes to stdout only, whole or not at all (cli/report_output.h).
    const ReportRenderer* renderer = find_renderer(resolved.format);
    if (Expected<void> printed =
            print_report(*renderer, result, RenderOptions{resolved.color, show_effects_});
        !printed)
      return fail_with(printed.error());

    print_input_errors(result, std::cerr);
    std::ostream& summary_out = summary_goes_to_stdout(resolved.format) ? std::cout : std::cerr;
    summary_out << summary_line(result.summary) << '\n';
    const int code = exit_code_for(result, resolved.fail_on);
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
  CatalogCacheSettings cache_;       // --cache-dir
  bool no_cache_ = false;            // --no-cache
  unsigned threads_ = 0;             // --threads; 0: LintOptions' default
};

} // namespace
PGDRYDOCK_REGISTER_COMMAND(LintCommand)
} // namespace pgdrydock
