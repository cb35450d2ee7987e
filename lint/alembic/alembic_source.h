// Alembic projects as a migration source: every selected revision is rendered to PostgreSQL
// SQL by Alembic itself (offline mode, through the project's env.py) in one Python process,
// and becomes a Migration whose findings point at the revision's .py file.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "lint/migration.h"
#include "lint/support/process_runner.h"

namespace pgdrydock {

inline constexpr std::chrono::milliseconds kDefaultAlembicTimeout{120000};

struct AlembicOptions {
  std::string ini;                     // alembic.ini (--alembic)
  std::vector<std::string> files;      // only the revisions defined in these .py files
  std::string from, to;                // --from / --to: Alembic revision ids, "base", "heads"
  std::string python;                  // --python; default: the `alembic` executable's interpreter
  std::vector<std::string> env;        // --alembic-env KEY=VALUE, for env.py files reading settings
  std::vector<std::string> x_args;     // -x arguments, as `alembic -x` passes them to env.py
  std::string ini_section = "alembic"; // `alembic --name`
  bool standalone = false;             // --alembic-standalone: built-in env, stubbed app imports
  // --alembic-timeout: a hanging env.py must not hang a pre-commit hook; on expiry the Python
  // process and everything it started are killed and the run is an input error (exit 2).
  std::chrono::milliseconds timeout = kDefaultAlembicTimeout;
};

// A revision whose upgrade() or downgrade() cannot render offline (it reads rows through
// op.get_bind(), ...). Lint skips it (a SkippedFile naming the Python error); simulate runs it
// online against the sandbox instead (simulate/alembic_online.h).
struct AlembicOnlineRevision {
  std::string revision;
  std::string name;         // its docstring, or the file's stem
  std::string file;         // display path of the revision's .py file
  int upgrade_line = 1;     // `def upgrade()`
  int downgrade_line = 1;   // `def downgrade()`
  bool has_down = true;     // false: downgrade() missing or raising NotImplementedError
  std::string reason;       // why offline rendering failed (the Python error)
  std::size_t position = 0; // in history order: runs right before migrations[position]
};

// Renders and loads the selection. Problems come back in the set, never as exceptions:
// a broken environment (no Alembic, bad alembic.ini, env.py raising) is one Error naming
// the file (exit 2); a revision that does not import is an Error naming it; a revision
// that cannot render offline (it queries the database) is a SkippedFile with the Python error.
// `warnings` (when given) receives notes that are not errors: several heads, stubbed imports.
// `online` (when given) receives the revisions that cannot render offline; one whose upgrade
// rendered but whose downgrade did not is both a migration (without down) and listed there.
MigrationSet load_alembic(const AlembicOptions& options,
                          std::vector<std::string>* warnings = nullptr,
                          std::vector<AlembicOnlineRevision>* online = nullptr);

// Why a run of Alembic's Python gave no answer to read: it could not start (name another
// Python), or it ran past options.timeout and was killed with all it started. The message names
// alembic.ini and the limit. nullopt when the program ran to its own end.
std::optional<std::string> alembic_run_failure(const ExitStatus& status,
                                               const AlembicOptions& options,
                                               const std::string& program);

// `pgdrydock lint <dir>`: the alembic.ini directly inside dir, if there is one.
std::optional<std::string> find_alembic_ini(const std::string& dir);

// `--alembic PATH`: PATH/alembic.ini when PATH is a folder holding one (Flask-Migrate's
// `migrations/`), else PATH as given (load_alembic reports a folder without one).
std::string alembic_ini_of(const std::string& path);

// The interpreter command that runs Alembic: --python when given, else the #! line of the
// `alembic` executable found on PATH (e.g. {"/usr/bin/python3"} or {"/usr/bin/env",
// "python3"}), else {"python3"}.
std::vector<std::string> alembic_python(const std::string& python_option);

// render_revisions.py: $PGDRYDOCK_ALEMBIC_HELPER, then <exe dir>/../share/pgdrydock/alembic/
// (an installed pgdrydock), then lint/alembic/ under $PGDRYDOCK_SOURCE_DIR and the source tree
// this binary was built from.
std::optional<std::string> alembic_helper_path();

} // namespace pgdrydock
