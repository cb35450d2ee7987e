// How each migration runner orders its migrations and which versions it takes for the same one.
// pgdrydock replays a history in the order its runner applies it: a wrong order corrupts every
// verdict after it (a table "created" after the index on it).
#pragma once

#include <optional>
#include <string>

#include "lint/migration.h"

namespace pgdrydock::sources {

// Whether `a` runs before `b` in their runner's order:
//   diesel           the version with `-` removed, as text (20140924113530 before 2017-08-31-...)
//   sqlx, sourcegraph, golang-migrate   the version as a number, then the name
//   maragudk/migrate the whole file stem, as text
//   popx, dbmate     the version as text, then the name
//   flyway           the dotted version part by part as numbers (1.10 after 1.9; 1.0 == 1)
//   anything else    natural order of version then name (psql files: 2_x before 10_x)
bool runner_less(const Migration& a, const Migration& b);

// Under the runner's own rule, what two migrations of one folder must not share; nothing when
// the runner applies several migrations of one version (golang-migrate folders run by
// concourse's runner, maragudk/migrate) or has no versions (psql files).
std::optional<std::string> runner_identity_key(const Migration& m);

// Whether the runner reads the two versions as one (golang-migrate: 001 is 1).
bool same_runner_version(const Migration& a, const Migration& b);

// For runners that accept several migrations of one version: why they are still read, for the
// warning (empty when sharing a version is unremarkable for the runner).
std::string shared_version_note(const std::string& runner);

} // namespace pgdrydock::sources
