// A table the seeder was asked to fill but left at 0 rows makes every timing on it meaningless
// at the asked size: it is reported loudly (MigrationSimulation::empty_tables) and each
// statement touching it is marked "not measured at size" (StatementObservation).
#pragma once

#include <map>
#include <string>

#include "lint/lint_result.h"
#include "simulate/seed/seeder.h"

namespace pgdrydock {

// schema.table -> why it has no rows, for tables `plan` asked rows of.
std::map<std::string, std::string> empty_tables(const SeedReport& seeded, const SeedPlan& plan);

// Records them on `sim` and marks the measured statements of `script` that touched one.
void mark_not_measured_at_size(const std::map<std::string, std::string>& empty,
                               ScriptResult& script);
void record_empty_tables(const std::map<std::string, std::string>& empty, MigrationSimulation& sim);

} // namespace pgdrydock
