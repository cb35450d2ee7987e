#include "cli/command.h"

namespace pgdrydock {
namespace {
std::vector<std::unique_ptr<Command>>& commands() {
  static std::vector<std::unique_ptr<Command>> list;
  return list;
}
} // namespace

bool register_command(std::unique_ptr<Command> command) {
  commands().push_back(std::move(command));
  return true;
}

const std::vector<std::unique_ptr<Command>>& registered_commands() {
  return commands();
}

} // namespace pgdrydock
