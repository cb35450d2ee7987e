// `simulate --schema FILE`: the starting state of the history. The pg_dump --schema-only file is
// restored into the empty schema-state database before the first migration, so a history whose
// beginning is squashed or missing starts from production's schema (lint starts its catalog from
// the same file: lint/catalog/replay.h load_schema_dump).
#pragma once

#include <string>

#include "lint/support/error.h"

namespace pgdrydock {

// Runs the dump's statements one by one on `conninfo` (psql meta-commands skipped). An input
// Error naming the file and the line of the first statement the server rejects, with its message.
Expected<void> restore_schema_dump(const std::string& path, const std::string& conninfo);

} // namespace pgdrydock
