// Documents generated from the command-line definitions themselves, so they never drift from
// the options the binary accepts: the man page (pgdrydock.1) and the bash, zsh and fish
// completions. The build runs the built binary to write them (cmake/install.cmake); the
// hidden flags `--help-man` and `--completions SHELL` are how.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/support/error.h"

namespace CLI {
class App;
class Option;
} // namespace CLI

namespace pgdrydock {

// One subcommand's visible options (hidden ones, with an empty group, are left out), in
// declaration order, and its positional arguments.
struct CommandDocs {
  std::string name;
  std::string description;
  std::vector<const CLI::Option*> options;
  std::vector<const CLI::Option*> positionals;
};
std::vector<CommandDocs> documented_commands(const CLI::App& app);

// The option's names as typed: "-x, --alembic-env".
std::string option_names(const CLI::Option& option);
// Whether the option takes a value (a flag does not).
bool takes_value(const CLI::Option& option);

std::string man_page(const CLI::App& app);
// A completion script for bash, zsh or fish; a usage Error naming the shells otherwise.
Expected<std::string> completion_script(const CLI::App& app, std::string_view shell);

// `pgdrydock --help-man` and `pgdrydock --completions SHELL` (exactly these arguments): prints
// the document and returns the exit code; nullopt for any other command line, which the normal
// parser then handles.
std::optional<int> print_generated_docs(const CLI::App& app, int argc, char** argv);

} // namespace pgdrydock
