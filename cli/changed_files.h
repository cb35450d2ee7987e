// `pgdrydock lint DIR --changed FILE...`: which migrations of a loaded history the changed files
// belong to (the pre-commit case: lint what a commit touches, replay the rest).
#pragma once

#include <string>
#include <vector>

#include "lint/migration.h"

namespace pgdrydock {

// Indexes (in `set.migrations`) of the migrations whose up or down file is one of `changed`.
// A changed file inside the history's folders that is no migration (a README, a Go migration)
// selects nothing; one outside every path in `history_paths` is a usage mistake (a usage Error):
// it was probably meant to be in a folder that was not named.
std::vector<std::size_t> migrations_touching(const MigrationSet& set,
                                             const std::vector<std::string>& history_paths,
                                             const std::vector<std::string>& changed);

// The files of `files` that are one of `history_paths` or inside one of them (a pull request
// changes more than migrations: --changed-since keeps only what the history could hold).
std::vector<std::string> files_inside(const std::vector<std::string>& history_paths,
                                      const std::vector<std::string>& files);

} // namespace pgdrydock
