// The SQL of the one schema reader (snapshot_reader.h), one query per kind of catalog object,
// each selecting what every consumer of that object needs. Relation-bound queries take the
// relations' oids as an array literal (numbers only: nothing to escape) so each reads its
// catalog through the relation's index instead of re-deriving the scope.
#pragma once

#include <string>
#include <vector>

namespace pgdrydock::snapshot_sql {

// (oid, schema, name, relkind, relpersistence, relispartition, relrowsecurity,
//  relforcerowsecurity, view definition, sequence definition, reltuples, relpages)
std::string relations();
// (attrelid, attnum, attname, format_type, attnotnull, default expression, attidentity,
//  attgenerated, collation, owned sequence, atttypid, atttypmod)
std::string columns(const std::string& oids, bool owned_sequences);
// (oid, is a domain, domain NOT NULL, domain typmod, base type oid, name, schema, typtype,
//  element type oid, name, schema, typtype)
std::string types(const std::string& oids);
// (schema, table, conrelid, contypid, conname, contype, conkey, confrelid, confkey,
//  definition, convalidated), ordered by conrelid, contypid, conname
std::string constraints();
// (schema, name, indrelid, definition, unique, primary, valid, owned by a constraint,
//  key attnums, bytes), ordered by indrelid and name
std::string indexes(const std::string& oids, bool sizes);
// (enumtypid, label) in sort order
std::string enum_labels();
// (kind, name, definition) of the objects that have no typed record.
std::string other_objects();
// (oid, reltuples, relpages, total bytes, table bytes, index bytes) of tables, partitioned ones
// summed over their partitions
std::string sizes(const std::string& oids);
// (attrelid, attnum, null_frac, avg_width, n_distinct, correlation) of analysed columns
std::string column_statistics(const std::string& oids);
// (name, value) of the settings a size sweep scales memory with
std::string settings();
// (server_version, now in ISO 8601 UTC)
std::string server();

} // namespace pgdrydock::snapshot_sql
