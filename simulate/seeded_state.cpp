#include "simulate/seeded_state.h"

#include "simulate/replay/replayer.h"

namespace pgdrydock {

SeededState::~SeededState() {
  try {
    drop();
  } catch (...) {
    // Best effort: the sandbox removes its whole cluster (or scratch databases) at the end.
  }
}

void SeededState::drop() {
  if (name_.empty())
    return;
  const std::string name = name_;
  name_.clear();
  sandbox_.drop_database(name);
}

const std::string& SeededState::ready(const std::string& schema_db) {
  sandbox_.set_phase(SandboxPhase::Loading);
  if (name_.empty()) {
    const std::string name = sandbox_.fresh_database_name("data");
    sandbox_.create_database(name, schema_db);
    name_ = name;
  }
  SeedPlan plan = options_.seed;
  plan.top_up = true;
  seed_seconds_ = seed_database(sandbox_.conninfo(name_), plan).seconds;
  return name_;
}

void SeededState::advance(const ScriptResult& up) {
  if (name_.empty())
    return;
  if (advance_database(sandbox_, options_, name_, up))
    drop();
}

std::optional<ReplayFailure> advance_database(Sandbox& sandbox, const SimulateOptions& options,
                                              const std::string& database, const ScriptResult& up) {
  sandbox.set_phase(SandboxPhase::Loading);
  ReplayOptions ro;
  ro.conninfo = sandbox.conninfo(database);
  ro.statement_timeout_ms = options.statement_timeout_ms;
  ro.measure = false;
  ro.pg_version = options.lint.pg_version;
  ScriptResult copy = up; // replay_script records into the script it is given
  return replay_script(copy, ro);
}

} // namespace pgdrydock
