// Whether a migration's up script changes the schema: the question both downgrade rules
// (irreversible-migration, alembic-irreversible-downgrade) ask before saying a migration cannot
// be rolled back. An up that only reads or changes rows (`SELECT 1`, INSERT, UPDATE, SET) leaves
// nothing in the schema for a down script to undo.
#pragma once

#include "lint/rule.h"

namespace pgdrydock::rules {

// True unless every statement of the up script is one that leaves the schema as it was (DML,
// SELECT, session settings, transaction control, VACUUM/ANALYZE, NOTIFY, LOCK) and, when the
// catalog was replayed, no statement it could not follow (a SELECT calling an unknown function,
// DO, CALL) ran. A statement that does not parse counts as a change: nothing is known of it.
bool up_changes_schema(const MigrationInput& in);

} // namespace pgdrydock::rules
