// `pgdrydock init [FOLDER]`: a first configuration for a repository. Finds the migration folder
// (or takes it), reads it as `lint` would to name its layout, writes a commented
// .pgdrydock.toml (never over an existing one without --force; atomically), and prints the
// pre-commit, GitHub and GitLab snippets for that folder.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "cli/atomic_write.h"
#include "cli/ci_snippets.h"
#include "cli/cli11.h"
#include "cli/command.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "lint/config.h"
#include "lint/rule_registry.h"

namespace pgdrydock {
namespace {

namespace fs = std::filesystem;

// Where migration histories usually live, most common first.
constexpr const char* kUsualFolders[] = {"migrations",      "db/migrations",
                                         "db/migrate",      "migration",
                                         "sql/migrations",  "src/main/resources/db/migration",
                                         "alembic/versions"};

std::string config_text(const std::string& folder, const std::string& layout, int pg_version,
                        std::size_t migrations) {
  std::string out = fmt::format(
      "# pgdrydock configuration, written by `pgdrydock init` for {} ({} migrations read).\n"
      "# The command line wins over this file; docs: `pgdrydock --help`, `pgdrydock rules ID`.\n"
      "\n"
      "# The PostgreSQL major version production runs: rules whose verdict changes between\n"
      "# versions use it (e.g. ADD COLUMN ... DEFAULT is instant from 11).\n"
      "pg_version = {}\n"
      "\n"
      "# How the migration runner reads the folder (detected: {}).\n"
      "layout = \"{}\"\n"
      "\n"
      "# Lowest severity that makes `pgdrydock lint` exit 1: \"error\", \"warning\" or \"info\".\n"
      "fail_on = \"error\"\n"
      "\n"
      "[rules]\n"
      "# Rules to switch off, by id. Every rule, with its default severity:\n",
      folder, migrations, pg_version, layout, layout);
  for (const auto& rule : RuleRegistry::instance().rules())
    out += fmt::format("#   {:<40} {:<7}  {}\n", rule->id(), to_string(rule->default_severity()),
                       rule->summary());
  out += "disable = []\n"
         "\n"
         "# [rules.severity]               # change a rule's severity\n"
         "# unbatched-backfill = \"error\"\n"
         "\n"
         "# [stats]                        # production table sizes, from `pgdrydock stats`\n"
         "# file = \"prod-stats.json\"\n";
  return out;
}

class InitCommand : public Command {
public:
  std::string_view name() const override { return "init"; }
  std::string_view description() const override {
    return "Write a commented .pgdrydock.toml for this repository and print CI snippets";
  }
  void configure(CLI::App& sub) override {
    sub.add_option("folder", folder_,
                   "The migration folder (default: the first of migrations/, db/migrations/, "
                   "... that exists)");
    sub.add_option("--pg-version", pg_version_, "PostgreSQL major version production runs")
        ->check(CLI::Range(11, 18));
    sub.add_option("--output", output_, "Where to write the configuration")->capture_default_str();
    sub.add_flag("--force", force_, "Replace an existing configuration file");
  }
  int run() override {
    if (folder_.empty()) {
      for (const char* candidate : kUsualFolders)
        if (std::error_code ec; fs::is_directory(candidate, ec)) {
          folder_ = candidate;
          break;
        }
      if (folder_.empty())
        return fail_with(usage_error(
            "init: no migration folder found here (looked for migrations/, db/migrations/, "
            "...); name it: pgdrydock init path/to/migrations"));
    }
    if (std::error_code ec; !fs::exists(folder_, ec))
      return fail_with(usage_error(fmt::format("init: {}: no such folder", folder_)));
    if (std::error_code ec; fs::exists(output_, ec) && !force_)
      return fail_with(usage_error(
          fmt::format("init: {} exists; keep it, or replace it with --force", output_)));

    // Read the folder as `lint` would with the built-in defaults: an old configuration (even a
    // broken one that --force is about to replace) must not change what is detected.
    CommonOptions options;
    options.paths = {folder_};
    ResolvedOptions resolved;
    resolved.format = "text";
    MigrationSet set = load_migration_set(options, resolved);
    if (!set.errors.empty())
      return fail_with(set.errors.front());
    if (set.migrations.empty())
      return fail_with(usage_error(fmt::format(
          "init: {} holds no migration pgdrydock can read (name the folder that does)", folder_)));
    const std::string layout = to_string(set.migrations.front().layout);

    const std::string text = config_text(folder_, layout, pg_version_, set.migrations.size());
    if (Expected<void> written = write_atomically(output_, text); !written)
      return fail_with(written.error());
    // What was written must read back: a check on this command, cheap, and a clear error if not.
    if (Expected<Config> back = load_config(output_); !back)
      return fail_with(internal_error("init wrote a configuration it cannot read: " +
                                      format_error(back.error())));

    std::cout << fmt::format("Wrote {}: {} migrations in {} ({} layout), PostgreSQL {}.\n\n",
                             output_, set.migrations.size(), folder_, layout, pg_version_)
              << "pre-commit (.pre-commit-config.yaml):\n\n"
              << pre_commit_snippet() << "\nGitHub (.github/workflows/migrations.yml):\n\n"
              << github_workflow_snippet(folder_) << "\nGitLab (.gitlab-ci.yml):\n\n"
              << gitlab_job_snippet(folder_);
    return 0;
  }

private:
  std::string folder_;
  int pg_version_ = 15;
  std::string output_ = ".pgdrydock.toml";
  bool force_ = false;
};

} // namespace
PGDRYDOCK_REGISTER_COMMAND(InitCommand)
} // namespace pgdrydock
