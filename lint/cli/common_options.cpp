#include "lint/cli/common_options.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <ostream>

#include "lint/cli/cli11.h"
#include <fmt/format.h>

#include "lint/input_error.h"
#include "reports/builtin_renderers.h"
#include "reports/report_format.h"

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

std::string joined_renderer_names() {
  std::string out;
  for (auto name : renderer_names()) {
    if (!out.empty())
      out += ", ";
    out += name;
  }
  return out;
}

} // namespace

void add_common_options(CLI::App& sub, CommonOptions& o) {
  sub.add_option("paths", o.paths, "Migration files or folders; `-` reads standard input")
      ->required();
  sub.add_option("--layout", o.layout,
                 "Migration layout: file, plain, golang-migrate, folder (diesel, sqlx), dbmate, "
                 "flyway, alembic (default: detected)");
  sub.add_option("--format", o.format,
                 "Report format (text, gcc, json, sarif, github, junit, ...)");
  sub.add_option("--config", o.config_path,
                 "Config file (default: .pgdrydock.toml found by walking up from here)");
  sub.add_option("--pg-version", o.pg_version, "Target PostgreSQL major version (default 15)")
      ->check(CLI::Range(9, 30));
  sub.add_option("--fail-on", o.fail_on, "Lowest severity that fails the run (default warning)")
      ->check(CLI::IsMember({"error", "warning", "info"}));
  sub.add_flag_callback(
      "--assume-in-transaction", [&o] { o.assume_in_transaction = true; },
      "Plain SQL files run inside one transaction (as if wrapped in BEGIN/COMMIT)");
  sub.add_option("--stdin-filepath", o.stdin_filepath, "File name to report for `-`");
  sub.add_option("--color", o.color, "Colour in the text report: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

ResolvedOptions resolve_options(const CommonOptions& o, const std::string& default_format) {
  ensure_builtin_renderers_linked();
  ResolvedOptions r;

  std::optional<std::string> config_path;
  if (!o.config_path.empty()) {
    if (!std::filesystem::exists(o.config_path))
      throw UsageError(fmt::format("{}: config file not found", o.config_path));
    config_path = o.config_path;
  } else {
    config_path = find_config(std::filesystem::current_path().string());
  }
  if (config_path)
    r.config = load_config(*config_path);
  const Config& c = r.config;

  r.format = o.format.empty() ? default_format : o.format;
  if (find_renderer(r.format) == nullptr)
    throw UsageError(
        fmt::format("unknown --format '{}' (known: {})", r.format, joined_renderer_names()));

  if (!o.layout.empty()) {
    r.load.layout = layout_from_string(o.layout);
    if (!r.load.layout)
      throw UsageError(fmt::format("unknown --layout '{}' (known: file, plain, golang-migrate, "
                                   "folder, diesel, sqlx, dbmate, flyway, alembic)",
                                   o.layout));
  } else {
    r.load.layout = c.layout;
  }
  r.load.assume_in_transaction =
      o.assume_in_transaction.value_or(c.assume_in_transaction.value_or(false));
  r.load.stdin_filepath = o.stdin_filepath;

  r.lint.pg_version = o.pg_version.value_or(c.pg_version.value_or(15));
  r.lint.rules = c.rules;
  // Machine formats that describe every statement need them all; the human ones only print
  // findings, and dropping the rest keeps memory flat on huge files.
  r.lint.keep_all_statements = !(r.format == "text" || r.format == "gcc");

  if (!o.fail_on.empty()) {
    auto s = severity_from_string(o.fail_on);
    if (!s)
      throw UsageError(fmt::format("unknown --fail-on '{}'", o.fail_on));
    r.fail_on = *s;
  } else {
    r.fail_on = c.fail_on.value_or(Severity::Warning);
  }

  if (o.color == "always")
    r.color = true;
  else if (o.color == "never")
    r.color = false;
  else
    r.color = stdout_is_color_terminal();
  return r;
}

MigrationSet load_migration_set(const CommonOptions& o, const ResolvedOptions& resolved) {
  return load_migrations(o.paths, resolved.load);
}

int exit_code_for(const LintResult& result, Severity fail_on) {
  if (!result.errors.empty())
    return 2;
  bool failing = false;
  for (const Finding* f : all_findings(result)) {
    if (f->rule_id == kSyntaxErrorRule)
      return 2;
    if (f->severity >= fail_on)
      failing = true;
  }
  return failing ? 1 : 0;
}

void print_input_errors(const LintResult& result, std::ostream& err) {
  for (const auto& e : result.errors) {
    InputError shown = e;
    shown.message = "error: " + e.message;
    err << format_input_error(shown) << '\n';
  }
  // Unparsable SQL is bad input too: say so on stderr even when the report went to stdout.
  for (const Finding* f : all_findings(result)) {
    if (f->rule_id != kSyntaxErrorRule)
      continue;
    InputError shown{f->location.file, f->location.line, f->location.column,
                     "error: " + f->message};
    err << format_input_error(shown) << '\n';
  }
}

bool summary_goes_to_stdout(const std::string& format) {
  return format == "text";
}

std::string summary_line(const Summary& s) {
  auto plural = [](int n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
  };
  return fmt::format("{}, {}, {} in {} ({}, {})", plural(s.errors, "error"),
                     plural(s.warnings, "warning"), plural(s.infos, "info"),
                     plural(s.files, "file"), plural(s.migrations, "migration"),
                     plural(s.statements, "statement"));
}

} // namespace pgdrydock
