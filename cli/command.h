// Subcommands of the `pgdrydock` executable register themselves (like rules), so `simulate`,
// `stats`, ... are added without touching main.cpp.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace pgdrydock {

class Command {
public:
  virtual ~Command() = default;
  virtual std::string_view name() const = 0;
  virtual std::string_view description() const = 0;
  // Declare options on the subcommand.
  virtual void configure(CLI::App& sub) = 0;
  // Run after parsing; returns the process exit code (0 clean, 1 findings/failed check, 2 input
  // or usage error).
  virtual int run() = 0;
};

bool register_command(std::unique_ptr<Command> command);
const std::vector<std::unique_ptr<Command>>& registered_commands();

#define PGDRYDOCK_REGISTER_COMMAND(Class)                                                          \
  namespace {                                                                                      \
  [[maybe_unused]] const bool command_registered_##Class =                                         \
      ::pgdrydock::register_command(std::make_unique<Class>());                                    \
  }

} // namespace pgdrydock
