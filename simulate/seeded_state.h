// The data of a whole-history simulation, seeded once (issue 13): one database holding the
// schema before the next migration AND synthetic rows, advanced in place by each up script
// like the schema-only state beside it. A migration under test copies it and only tops up what
// changed since (a new table, rows a migration deleted): seeding then costs the rows written,
// not every table at every step. When an up script fails on the data (a constraint the earlier
// synthetic rows do not meet), the database is dropped and the next target starts again from a
// copy of the schema-only state, seeded whole.
#pragma once

#include <optional>
#include <string>

#include "lint/lint_result.h"
#include "simulate/replay/replayer.h"
#include "simulate/sandbox/sandbox.h"
#include "simulate/simulator.h"

namespace pgdrydock {

class SeededState {
public:
  SeededState(Sandbox& sandbox, const SimulateOptions& options)
      : sandbox_(sandbox), options_(options) {}
  ~SeededState();
  SeededState(const SeededState&) = delete;
  SeededState& operator=(const SeededState&) = delete;

  // The seeded database for the schema `schema_db` holds now: a copy of it when there is none
  // yet (or the last up script failed on the data), then topped up to the rows asked.
  const std::string& ready(const std::string& schema_db);
  // Applies `up` to the seeded database, if there is one; drops it when a statement fails.
  void advance(const ScriptResult& up);
  // Seconds the last ready() spent seeding (counted in the target's seed.seconds).
  double seed_seconds() const { return seed_seconds_; }

private:
  void drop();

  Sandbox& sandbox_;
  const SimulateOptions& options_;
  std::string name_; // empty: none at the moment
  double seed_seconds_ = 0;
};

// Applies `up` to `database` as its runner would, unmeasured (loading phase: a state advanced
// between targets); the failure, when a statement fails.
std::optional<ReplayFailure> advance_database(Sandbox& sandbox, const SimulateOptions& options,
                                              const std::string& database, const ScriptResult& up);

} // namespace pgdrydock
