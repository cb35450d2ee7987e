// Runs a program directly (argv array, no shell: paths and revision ids are never parsed as
// shell syntax) and collects what it writes on stdout and stderr.
#pragma once

#include <string>
#include <vector>

namespace pgdrydock::alembic {

struct ChildCommand {
  std::vector<std::string> argv;            // argv[0] is looked up on PATH when it has no '/'
  std::vector<std::string> environment_set; // KEY=VALUE added to (or replacing in) ours
  std::string working_directory;            // empty: ours
};

struct ChildOutput {
  int exit_code = -1; // -1 when it could not start or was killed by a signal
  std::string out;
  std::string err;
  std::string start_error; // why it could not start (errno text), empty when it ran
};

ChildOutput run_child(const ChildCommand& command);

} // namespace pgdrydock::alembic
