// The one reader of a live server's schema: reads pg_catalog once into the typed records of
// live_schema.h (with the statistics part, in one read-only snapshot of the database). Each
// consumer asks for the parts it needs on top of the relations, columns, constraints and indexes
// every one of them reads:
//  - definitions: the objects without a typed record (functions, triggers, types, policies,
//    extensions, comments, schemas): the reversibility check (schema_objects.h);
//  - seeding: column types resolved through domains and arrays, enum labels, owned sequences,
//    domain CHECKs: the seeder (seed/catalog_reader.h);
//  - statistics: sizes, pg_stats' scalar columns, server version and memory settings, for
//    `pgdrydock stats` (stats_collector.h). Never row values.
#pragma once

#include <string>
#include <vector>

#include "simulate/snapshot/live_schema.h"

namespace pgdrydock {

class PgSession;

// Our own schema in a scratch database (data copies for the loss check): never the user's.
constexpr const char* kPrivateSchema = "pgdrydock_before";
// Schemas never part of a user's schema, as a condition on a schema name.
constexpr const char* kUserSchemaFilter =
    "NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'pgdrydock_before')";

struct SnapshotRequest {
  bool definitions = false;
  bool seeding = false;
  bool statistics = false;
  // Only relations of these schemas (and what belongs to them); empty: every user schema.
  std::vector<std::string> schemas;
};

// The user's relations (catalog_scope.h: outside system, temporary and extension-owned
// objects, and outside kPrivateSchema) and, for them, columns, constraints, indexes and the
// parts asked for. Throws ErrorException (environment) when a catalog query fails.
LiveSchema read_live_schema(PgSession& session, const SnapshotRequest& request);

} // namespace pgdrydock
