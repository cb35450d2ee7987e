// Which relations of a live database are the user's: outside the system and temporary schemas,
// not members of an extension (those are the extension's business). One definition for the
// readers that look for user tables (the seeder's catalog reader, pgdrydock stats), so both
// agree on what a user table is. A condition over `pg_class c JOIN pg_namespace n`.
#pragma once

namespace pgdrydock {

inline constexpr const char* kUserRelationCondition =
    R"SQL(n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e'))SQL";

} // namespace pgdrydock
