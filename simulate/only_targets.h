// `simulate --only`: which migrations are targets, that every target names one, and how far the
// history must be replayed for them (never past the last target).
#pragma once

#include <cstddef>
#include <set>
#include <string>

#include "lint/migration.h"
#include "lint/support/error.h"

namespace pgdrydock {

// A target names a migration by its version, its name, or a prefix of its version.
bool is_only_target(const Migration& m, const std::set<std::string>& only);

// A usage Error for the first target that names no migration of `set`, listing the versions
// nearest to it (so a typo shows what exists); nothing when every target names one.
Expected<void> check_only_targets(const MigrationSet& set, const std::set<std::string>& only);

// How many migrations, from the first, a run with these targets has to visit: all of them
// without --only, else up to and including the last target.
std::size_t migrations_to_visit(const MigrationSet& set, const std::set<std::string>& only);

} // namespace pgdrydock
