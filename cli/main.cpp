// pgdrydock: the subcommands (lint, rules, simulate, ...) register themselves; main parses the
// command line, runs the chosen one and turns every failure into a message and an exit code.
#include <exception>
#include <iostream>

#include "cli/cli11.h"

#include "cli/cli_docs.h"
#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/version_text.h"
#include "lint/support/process_interrupt.h"

int main(int argc, char** argv) {
  using namespace pgdrydock;
  // SIGINT/SIGTERM exit 130/143 from here on, also before a command installs a cleanup of its
  // own (the sandbox's).
  install_interrupt_exit();
  CLI::App app{"pgdrydock: lint and simulate PostgreSQL schema migrations before they reach "
               "production",
               "pgdrydock"};
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1);
  app.footer("Exit codes: 0 clean, 1 findings at or above --fail-on (or a failed check), "
             "2 usage or input error, 130/143 interrupted by SIGINT/SIGTERM.");

  std::vector<std::pair<CLI::App*, Command*>> subcommands;
  for (const auto& command : registered_commands()) {
    CLI::App* sub =
        app.add_subcommand(std::string(command->name()), std::string(command->description()));
    command->configure(*sub);
    subcommands.emplace_back(sub, command.get());
  }
  // The build's man page and completions (cli/cli_docs.h), from the definitions just made.
  if (std::optional<int> code = print_generated_docs(app, argc, argv))
    return *code;

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" that exit 0; real mistakes exit 2 (not CLI11's codes).
    int code = app.exit(e);
    return code == 0 ? kExitClean : kExitError;
  }

  try {
    for (auto [sub, command] : subcommands)
      if (sub->parsed()) {
        const int code = command->run();
        wait_if_interrupted(); // the run ended because of the signal: its cleanup decides
        return code;
      }
  } catch (const ErrorException& e) {
    return fail_with(e.error());
  } catch (const std::exception& e) {
    // Only a bug gets here: every expected failure travels as an Error.
    return fail_with(internal_error(e.what()));
  }
  return kExitError;
}
