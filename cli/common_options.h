// Options shared by `pgdrydock lint` and `pgdrydock simulate`: what to read, how to read it,
// how to report it and when to fail. The command line wins over .pgdrydock.toml.
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lint/alembic/alembic_source.h"
#include "lint/config.h"
#include "lint/lint_driver.h"
#include "lint/lint_result.h"
#include "lint/migration.h"
#include "lint/rule.h"
#include "lint/support/error.h"
#include "lint/table_stats.h"

namespace CLI {
class App;
}

namespace pgdrydock {

// Raw values as typed on the command line; empty/unset means "not given" so the config file
// (or the built-in default) applies.
struct CommonOptions {
  std::vector<std::string> paths;            // files, folders, or `-` for stdin
  std::string layout;                        // --layout
  std::string format;                        // --format (empty: the command's default)
  std::string config_path;                   // --config
  std::optional<int> pg_version;             // --pg-version
  std::string fail_on;                       // --fail-on error|warning|info
  std::optional<bool> assume_in_transaction; // --assume-in-transaction
  std::string stdin_filepath;                // --stdin-filepath
  std::string color = "auto";                // --color auto|always|never
  // --alembic INI and its companions (--from, --to, --python, --alembic-env, -x,
  // --alembic-standalone); with --alembic the paths only select revision files.
  AlembicOptions alembic;
  std::string stats_path;         // --stats FILE (production table statistics)
  std::string schema_path;        // --schema FILE (pg_dump --schema-only: the starting schema)
  std::string max_file_size;      // --max-file-size SIZE (every input file; docs/errors.md)
  std::string max_statement_size; // --max-statement-size SIZE (one statement; docs/errors.md)
};

// Declares the options above on a subcommand (paths as the positional arguments).
void add_common_options(CLI::App& sub, CommonOptions& options);

// A duration option's value in milliseconds (lint/support/duration.h: one syntax, a bare number
// is milliseconds); a bad value is thrown as a usage Error naming the option (the command is the
// boundary: cli/main.cpp prints it and exits 2).
double duration_ms_option(std::string_view option, std::string_view value,
                          bool require_positive = false);

// The command line merged with the config file, ready to use.
struct ResolvedOptions {
  Config config; // the .pgdrydock.toml that applied (config.path empty when none)
  LoadOptions load;
  LintOptions lint;
  Severity fail_on = Severity::Warning;
  std::string format; // a registered renderer name
  bool color = false; // ANSI colour in the text report
  // --stats (or [stats] file in the config): production table statistics, null when none.
  // lint.table_sizes carries the same file with the [stats] thresholds.
  std::shared_ptr<const StatsFile> stats;
};

// Reads the config (--config, or found by walking up from the current folder), merges it under
// the command line and checks every value. Throws ErrorException: a usage Error, or an input Error
// for a bad config file. `default_format` is used when neither --format nor the config names one.
ResolvedOptions resolve_options(const CommonOptions& options, const std::string& default_format);

// An Alembic project as load_migration_set read it: the options that applied (the ini found by
// auto-detection included) and the revisions simulate must run online.
struct AlembicSelection {
  AlembicOptions options;
  std::vector<AlembicOnlineRevision> online;
};

// Loads the migrations named by the paths. Bad input ends up in MigrationSet::errors.
// An Alembic project (--alembic, or a single folder holding alembic.ini) is rendered through
// Alembic; its warnings (several heads, revisions that cannot render offline) go to stderr, and
// `alembic` (when given) receives what simulate needs to run revisions online.
MigrationSet load_migration_set(const CommonOptions& options, const ResolvedOptions& resolved,
                                std::optional<AlembicSelection>* alembic = nullptr);

// Whether a statement was refused for crossing an input limit (larger than
// --max-statement-size, nested more than kMaxStatementNesting levels): the run then exits 2
// (docs/errors.md), the other files still reported.
bool over_a_limit(const LintResult& result);

// Exit code of a finished run: 2 on any input error or an input over a limit, else 1 when a
// finding is at or above fail_on (a syntax-error finding included), else 0.
int exit_code_for(const LintResult& result, Severity fail_on);

// One line per input error on `err`, as `file:line:col: error: message`.
void print_input_errors(const LintResult& result, std::ostream& err);

// Whether the summary line goes to stdout (human formats) or stderr (machine formats must stay
// parseable).
bool summary_goes_to_stdout(const std::string& format);
// "3 errors, 1 warning, 0 infos in 2 files (14 statements)"
std::string summary_line(const Summary& summary);

} // namespace pgdrydock
