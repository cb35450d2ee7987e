#include "cli/common_options.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <ostream>
#include <stdexcept>

#include "cli/cli11.h"
#include <fmt/format.h>

#include "cli/exit_codes.h"
#include "lint/catalog/replay.h"
#include "lint/sources/read_source.h"
#include "lint/statement_limits.h"
#include "lint/stats_escalation.h"
#include "lint/support/duration.h"
#include "lint/support/error.h"
#include "reports/builtin_renderers.h"
#include "reports/report_format.h"
#include "simulate/estimate/scale_model.h"

namespace pgdrydock {
namespace {

constexpr std::string_view kSyntaxErrorRule = "syntax-error";

bool stdout_is_color_terminal() {
  if (std::getenv("NO_COLOR") != nullptr)
    return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb")
    return false;
  return isatty(STDOUT_FILENO) == 1;
}

// Sorted: the registry's order is the order of static initialisation, which the linker picks.
std::string joined_renderer_names() {
  std::vector<std::string_view> names = renderer_names();
  std::sort(names.begin(), names.end());
  std::string out;
  for (auto name : names) {
    if (!out.empty())
      out += ", ";
    out += name;
  }
  return out;
}

// --alembic and its companions, in their own group of --help.
void add_alembic_options(CLI::App& sub, AlembicOptions& a) {
  const std::string group = "Alembic";
  sub.add_option("--alembic", a.ini,
                 "Alembic project: its alembic.ini; every revision is rendered to SQL by "
                 "Alembic (offline) and linted, up and down")
      ->group(group);
  sub.add_option("--from", a.from, "Alembic: start after this revision (id or base)")->group(group);
  sub.add_option("--to", a.to, "Alembic: stop at this revision (id, head or heads)")->group(group);
  sub.add_option("--python", a.python,
                 "Alembic: the Python that has Alembic installed (default: the interpreter of "
                 "the `alembic` command on PATH)")
      ->group(group);
  // One value per occurrence: a vector option would otherwise swallow the paths after it.
  sub.add_option("--alembic-env", a.env,
                 "Alembic: KEY=VALUE in the environment of env.py (repeatable)")
      ->allow_extra_args(false)
      ->check(
          [](const std::string& v) {
            return v.find('=') == std::string::npos || v.front() == '='
                       ? std::string("expected KEY=VALUE")
                       : std::string();
          },
          "KEY=VALUE")
      ->group(group);
  sub.add_option("-x", a.x_args, "Alembic: argument for env.py, as `alembic -x` (repeatable)")
      ->allow_extra_args(false)
      ->group(group);
  sub.add_flag("--alembic-standalone", a.standalone,
               "Alembic: render with a built-in env.py that imports no application code, and "
               "stub imports the application would provide inside revision files")
      ->group(group);
  // The one duration syntax (lint/support/duration.h); a bad value is a usage error (exit 2)
  // naming the option, as the duration module words it.
  sub.add_option_function<std::string>(
         "--alembic-timeout",
         [&a](const std::string& v) {
           const Expected<double> ms = duration_option_ms("--alembic-timeout", v, true);
           if (!ms)
             throw CLI::ValidationError(ms.error().message); // CLI11's own usage path
           a.timeout = std::chrono::milliseconds(std::llround(*ms));
         },
         std::string("Alembic: stop Alembic's Python (and all it started) after this long, "
                     "e.g. 300s or 5min; default 120s ") +
             kDurationHelp)
      ->type_name("DURATION")
      ->group(group);
}

} // namespace

void add_common_options(CLI::App& sub, CommonOptions& o) {
  // Not required: with --alembic the project is named by its alembic.ini (load_migration_set
  // checks that something was named).
  sub.add_option("paths", o.paths,
                 "Migration files or folders; `-` reads standard input. With --alembic: only "
                 "the revisions defined in these .py files (as pre-commit passes them)");
  sub.add_option("--layout", o.layout,
                 "Migration layout: file, plain, golang-migrate, folder (diesel, sqlx), dbmate, "
                 "flyway, alembic (default: detected)");
  sub.add_option("--format", o.format, "Report format: " + joined_renderer_names());
  sub.add_option("--config", o.config_path,
                 "Config file (default: .pgdrydock.toml found by walking up from here)");
  // The range is checked in resolve_options, so the error names the versions pgdrydock knows.
  sub.add_option("--pg-version", o.pg_version,
                 fmt::format("Target PostgreSQL major version, {} to {} (default: pg_version in "
                             ".pgdrydock.toml, else {})",
                             kOldestPgVersion, kNewestPgVersion, kDefaultPgVersion));
  sub.add_option("--fail-on", o.fail_on, "Lowest severity that fails the run (default warning)")
      ->check(CLI::IsMember({"error", "warning", "info"}));
  sub.add_flag_callback(
      "--assume-in-transaction", [&o] { o.assume_in_transaction = true; },
      "Plain SQL files run inside one transaction (as if wrapped in BEGIN/COMMIT)");
  sub.add_option("--stdin-filepath", o.stdin_filepath, "File name to report for `-`");
  sub.add_option("--color", o.color, "Colour in the text report: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  add_alembic_options(sub, o.alembic);
  sub.add_option("--stats", o.stats_path,
                 "Production table statistics written by `pgdrydock stats`: findings name table "
                 "sizes and their severity follows them");
  sub.add_option("--schema", o.schema_path,
                 "The schema before the first migration, as `pg_dump --schema-only` writes it "
                 "(for histories whose start is squashed or missing)");
  sub.add_option("--max-file-size", o.max_file_size,
                 "Largest input file, e.g. 64MB or 2GB (default 64MB, and 1GB for --schema; "
                 "a bare number is kB)")
      ->type_name("SIZE");
  sub.add_option("--max-statement-size", o.max_statement_size,
                 "Largest single statement, e.g. 64MB (default 32MB; a bare number is kB)")
      ->type_name("SIZE");
}

namespace {

// A size option's value in bytes (the one memory-size syntax: 64MB, 2GB, a bare number is kB),
// nothing when not given; a bad value is a usage error naming the option.
std::optional<std::uint64_t> size_option(std::string_view option, const std::string& value) {
  if (value.empty())
    return std::nullopt;
  const Expected<double> kb = parse_memory_kb(value);
  if (!kb || *kb < 1 || *kb > 1e15)
    throw ErrorException(
        usage_error(fmt::format("{}: \"{}\" is not a size such as 64MB or 2GB", option, value)));
  return static_cast<std::uint64_t>(*kb * 1024);
}

// --max-file-size (the one memory-size syntax), else [limits] max_file_bytes, else the defaults.
// Set before the config is read (so the command line bounds the config too) and again after.
void apply_file_size_limits(const CommonOptions& o, const Config* config) {
  sources::FileSizeLimits limits;
  std::optional<std::uint64_t> bytes = size_option("--max-file-size", o.max_file_size);
  if (!bytes && config != nullptr && config->max_file_bytes)
    bytes = config->max_file_bytes;
  if (bytes)
    limits.file = limits.schema = *bytes;
  sources::set_file_size_limits(limits);
}

// --max-statement-size, else [limits] max_statement_bytes, else the default (32 MB).
void apply_statement_size_limit(const CommonOptions& o, const Config& config) {
  std::optional<std::uint64_t> bytes = size_option("--max-statement-size", o.max_statement_size);
  set_max_statement_bytes(
      bytes.value_or(config.max_statement_bytes.value_or(kDefaultMaxStatementBytes)));
}

} // namespace

ResolvedOptions resolve_options(const CommonOptions& o, const std::string& default_format) {
  ensure_builtin_renderers_linked();
  ResolvedOptions r;
  apply_file_size_limits(o, nullptr);

  std::optional<std::string> config_path;
  if (!o.config_path.empty()) {
    if (!std::filesystem::exists(o.config_path))
      throw ErrorException(usage_error(fmt::format("{}: config file not found", o.config_path)));
    config_path = o.config_path;
  } else {
    config_path = find_config(std::filesystem::current_path().string());
  }
  if (config_path)
    r.config = value_or_throw(load_config(*config_path));
  const Config& c = r.config;
  apply_file_size_limits(o, &c);
  apply_statement_size_limit(o, c);

  r.format = o.format.empty() ? default_format : o.format;
  if (find_renderer(r.format) == nullptr)
    throw ErrorException(usage_error(
        fmt::format("unknown --format '{}' (known: {})", r.format, joined_renderer_names())));

  if (!o.layout.empty()) {
    r.load.layout = layout_from_string(o.layout);
    if (!r.load.layout)
      throw ErrorException(
          usage_error(fmt::format("unknown --layout '{}' (known: file, plain, golang-migrate, "
                                  "folder, diesel, sqlx, dbmate, flyway, alembic)",
                                  o.layout)));
  } else {
    r.load.layout = c.layout;
  }
  r.load.assume_in_transaction =
      o.assume_in_transaction.value_or(c.assume_in_transaction.value_or(false));
  r.load.stdin_filepath = o.stdin_filepath;

  if (o.pg_version && (*o.pg_version < kOldestPgVersion || *o.pg_version > kNewestPgVersion))
    throw ErrorException(usage_error(
        fmt::format("--pg-version {}: pgdrydock knows PostgreSQL {} to {}; name one of those",
                    *o.pg_version, kOldestPgVersion, kNewestPgVersion)));
  r.lint.pg_version = o.pg_version.value_or(c.pg_version.value_or(kDefaultPgVersion));
  r.lint.rules = c.rules;
  // Machine formats that describe every statement need them all; the human ones only print
  // findings, and dropping the rest keeps memory flat on huge files.
  r.lint.keep_all_statements = !(r.format == "text" || r.format == "gcc");

  if (!o.fail_on.empty()) {
    auto s = severity_from_string(o.fail_on);
    if (!s)
      throw ErrorException(usage_error(fmt::format("unknown --fail-on '{}'", o.fail_on)));
    r.fail_on = *s;
  } else {
    r.fail_on = c.fail_on.value_or(Severity::Warning);
  }

  const std::string stats_path = !o.stats_path.empty() ? o.stats_path : c.stats_file.value_or("");
  if (!stats_path.empty()) {
    // A bad file throws ErrorException naming file and line: exit 2.
    r.stats = std::make_shared<const StatsFile>(value_or_throw(load_stats_file(stats_path)));
    auto sizes = std::make_shared<TableSizeContext>();
    sizes->stats = r.stats;
    sizes->thresholds.small_rows = c.stats_small_rows.value_or(sizes->thresholds.small_rows);
    sizes->thresholds.large_rows = c.stats_large_rows.value_or(sizes->thresholds.large_rows);
    if (sizes->thresholds.small_rows > sizes->thresholds.large_rows)
      throw ErrorException(usage_error(
          fmt::format("{}: stats.small_rows ({}) is above large_rows ({}, the "
                      "default when not set)",
                      c.path, sizes->thresholds.small_rows, sizes->thresholds.large_rows)));
    r.lint.table_sizes = std::move(sizes);
  }

  if (!o.schema_path.empty()) // a bad file throws ErrorException naming file and line: exit 2
    r.lint.schema =
        std::make_shared<const Catalog>(value_or_throw(load_schema_dump(o.schema_path)));

  if (o.color == "always")
    r.color = true;
  else if (o.color == "never")
    r.color = false;
  else
    r.color = stdout_is_color_terminal();
  return r;
}

namespace {

// Pre-commit passes the changed files: with --alembic they select revisions. Folders stand for
// the .py files under them; other files cannot define a revision and are left out.
std::vector<std::string> revision_files(const std::vector<std::string>& paths, MigrationSet& set) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != decltype(it)();
           it.increment(ec))
        if (it->is_regular_file(ec) && it->path().extension() == ".py")
          files.push_back(it->path().string());
    } else if (!fs::exists(p, ec)) {
      set.errors.push_back({p, 0, 0, "no such file"});
    } else if (fs::path(p).extension() == ".py") {
      files.push_back(p);
    }
  }
  return files;
}

// --alembic, or `pgdrydock lint DIR` where DIR holds alembic.ini (unless --layout names a
// SQL layout).
std::optional<AlembicOptions> alembic_source_of(const CommonOptions& o,
                                                const ResolvedOptions& resolved) {
  if (!o.alembic.ini.empty()) {
    AlembicOptions given = o.alembic;
    given.ini = alembic_ini_of(given.ini); // --alembic FOLDER: the alembic.ini inside it
    return given;
  }
  if (o.paths.size() != 1 || (resolved.load.layout && *resolved.load.layout != Layout::Alembic))
    return std::nullopt;
  std::error_code ec;
  if (!std::filesystem::is_directory(o.paths.front(), ec))
    return std::nullopt;
  std::optional<std::string> ini = find_alembic_ini(o.paths.front());
  if (!ini)
    return std::nullopt;
  AlembicOptions detected = o.alembic;
  detected.ini = *ini;
  return detected;
}

// --alembic names the project's configuration: checked before the paths are filtered, so that
// `lint ok.sql --alembic ok.sql` is a usage error, not "0 files linted".
Expected<void> check_alembic_ini(const AlembicOptions& a) {
  // A missing file, or a folder without alembic.ini, is load_alembic's to name (an input error
  // in the words the Alembic tests and docs use).
  std::error_code ec;
  if (!std::filesystem::exists(a.ini, ec) || std::filesystem::is_directory(a.ini, ec))
    return {};
  Expected<std::string> text =
      sources::read_regular_file(a.ini, a.ini, sources::file_size_limits().file, "alembic.ini");
  if (!text) {
    Error e = text.error();
    return fail(usage_error(fmt::format("--alembic {}: {}", a.ini, e.message)));
  }
  if (text->find("[" + a.ini_section + "]") == std::string::npos)
    return fail(usage_error(fmt::format("--alembic {}: not an Alembic configuration (no [{}] "
                                        "section); name the project's alembic.ini",
                                        a.ini, a.ini_section)));
  return {};
}

MigrationSet load_alembic_project(const CommonOptions& o, AlembicOptions alembic,
                                  const ResolvedOptions& resolved,
                                  std::optional<AlembicSelection>* selection) {
  MigrationSet set;
  if (!o.alembic.ini.empty())
    value_or_throw(check_alembic_ini(alembic));
  // A missing ini (or a folder without one) is reported by load_alembic below, before any path
  // filtering could turn it into "0 files linted".
  std::error_code ec;
  const bool ini_readable = std::filesystem::is_regular_file(alembic.ini, ec);
  if (!o.alembic.ini.empty() && !o.paths.empty() && ini_readable) {
    alembic.files = revision_files(o.paths, set);
    // Nothing a revision could live in changed: nothing to render (keeps the hook instant).
    if (alembic.files.empty())
      return set;
  }
  std::vector<std::string> warnings;
  std::vector<AlembicOnlineRevision> online;
  MigrationSet loaded = load_alembic(alembic, &warnings, &online);
  for (auto& e : loaded.errors)
    set.errors.push_back(std::move(e));
  set.migrations = std::move(loaded.migrations);
  set.skipped = std::move(loaded.skipped);
  for (const std::string& w : warnings)
    std::cerr << "pgdrydock: warning: " << printable_for_terminal(w) << '\n';
  // The text report lists skipped revisions itself; other formats keep stdout machine-readable.
  if (resolved.format != "text")
    for (const SkippedFile& s : set.skipped)
      std::cerr << "pgdrydock: warning: " << printable_for_terminal(s.path + ": " + s.reason)
                << '\n';
  if (selection)
    *selection = AlembicSelection{std::move(alembic), std::move(online)};
  return set;
}

} // namespace

MigrationSet load_migration_set(const CommonOptions& o, const ResolvedOptions& resolved,
                                std::optional<AlembicSelection>* alembic) {
  if (std::optional<AlembicOptions> project = alembic_source_of(o, resolved))
    return load_alembic_project(o, std::move(*project), resolved, alembic);
  const AlembicOptions& a = o.alembic;
  if (!a.from.empty() || !a.to.empty() || !a.python.empty() || !a.env.empty() ||
      !a.x_args.empty() || a.standalone)
    throw ErrorException(
        usage_error("--from, --to, --python, --alembic-env, -x and --alembic-standalone apply "
                    "to Alembic projects: name one with --alembic alembic.ini (or a folder "
                    "holding alembic.ini)"));
  if (o.paths.empty())
    throw ErrorException(
        usage_error("name the migrations: files or folders (`-` for standard input), or an "
                    "Alembic project with --alembic alembic.ini"));
  MigrationSet set = load_migrations(o.paths, resolved.load);
  for (const Error& w : set.warnings)
    std::cerr << "pgdrydock: warning: " << printable_for_terminal(format_error(w)) << '\n';
  return set;
}

bool over_a_limit(const LintResult& result) {
  // A statement over the size or nesting limit (lint/statement_limits.h) is still reported as a
  // syntax-error finding, but the run is refused like any input over a limit.
  for (const Finding* f : all_findings(result))
    if (f->rule_id == kSyntaxErrorRule && is_limit_refusal(f->message))
      return true;
  return false;
}

int exit_code_for(const LintResult& result, Severity fail_on) {
  if (!result.errors.empty() || over_a_limit(result))
    return kExitError;
  bool failing = false;
  // A migration that does not parse is a finding about the user's SQL (syntax-error, an
  // error), not bad input: the other migrations were still linted.
  for (const Finding* f : all_findings(result)) {
    if (f->severity >= fail_on)
      failing = true;
  }
  return failing ? 1 : 0;
}

void print_input_errors(const LintResult& result, std::ostream& err) {
  for (const auto& e : result.errors) {
    Error shown = e;
    shown.message = "error: " + e.message;
    err << printable_for_terminal(format_error(shown)) << '\n';
  }
  // Unparsable SQL is bad input too: say so on stderr even when the report went to stdout.
  for (const Finding* f : all_findings(result)) {
    if (f->rule_id != kSyntaxErrorRule)
      continue;
    Error shown{f->location.file, f->location.line, f->location.column, "error: " + f->message};
    err << printable_for_terminal(format_error(shown)) << '\n';
  }
}

bool summary_goes_to_stdout(const std::string& format) {
  return format == "text";
}

std::string summary_line(const Summary& s) {
  auto plural = [](int n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
  };
  std::string line =
      fmt::format("{}, {}, {} in {} ({}, {})", plural(s.errors, "error"),
                  plural(s.warnings, "warning"), plural(s.infos, "info"), plural(s.files, "file"),
                  plural(s.migrations, "migration"), plural(s.statements, "statement"));
  const std::string baselined = plural(s.suppressed_by_baseline, "finding");
  return s.suppressed_by_baseline > 0 ? line + "; " + baselined + " suppressed by the baseline"
                                      : line;
}

double duration_ms_option(std::string_view option, std::string_view value, bool require_positive) {
  return value_or_throw(duration_option_ms(option, value, require_positive));
}

} // namespace pgdrydock
