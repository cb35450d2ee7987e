// The schema of a live database as an order-independent map "kind name" -> normalised
// definition, read from the catalog, and the difference of two snapshots — through the one
// schema diff (lint/catalog/diff.h: the same CatalogDifference records, the same walk) — in
// words.
//
// Why the other readers of a live catalog stay separate (they share the connection,
// pg_client.h, and the scope of user relations, sandbox/catalog_scope.h):
//  - this snapshot compares the server with itself (before and after a downgrade), so it keeps
//    each object's definition as the server deparses it (pg_get_indexdef, pg_get_viewdef, a
//    function body's md5, comments) — more than the model holds;
//  - tests/catalog/server_catalog reads into the model's shape (lint/catalog/catalog.h) to
//    compare the server with the model's prediction, so it must spell things as the model does;
//  - seed/catalog_reader reads what generating rows needs (type oids, domains resolved, enum
//    labels, CHECK text, key column numbers), which no diff compares;
//  - stats_collector reads sizes and planner statistics (pg_class, pg_stats), not definitions.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "lint/catalog/diff.h"

namespace pgdrydock {

class PgSession;

// Schemas never part of a user's schema (ours included: data copies for the loss check).
constexpr const char* kUserSchemaFilter =
    "NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'pgdrydock_before')";
constexpr const char* kPrivateSchema = "pgdrydock_before";

struct SchemaObject {
  std::string kind;       // "table", "column", "constraint", "index", "type", ...
  std::string name;       // "public.users.email_verified"
  std::string definition; // normalised: compared as a whole
};

// key: kind + " " + name
using SchemaSnapshot = std::map<std::string, SchemaObject>;

SchemaSnapshot take_schema_snapshot(PgSession& session);

// Differences of `after` against `before`: Added is what only `after` has (the downgrade left
// it), Removed what only `before` has (not restored), Changed a different definition. Objects
// `after` has come first (in key order), then those it lacks.
std::vector<CatalogDifference> diff_snapshots(const SchemaSnapshot& before,
                                              const SchemaSnapshot& after);
// One difference as the report says it after a downgrade (a part of a table "still exists", a
// free-standing object is "left behind").
std::string describe_after_downgrade(const CatalogDifference& d);

// diff_snapshots in words, one sentence each, e.g.
// "column public.users.email_verified still exists after downgrade",
// "type public.user_role_new left behind after downgrade",
// "index public.users_email_idx changed after downgrade: was ..., now ...".
std::vector<std::string> describe_schema_diff(const SchemaSnapshot& before,
                                              const SchemaSnapshot& after);

// Names of objects a failed migration may leave half-done: INVALID indexes and NOT VALID
// constraints ("index public.users_email_idx (INVALID)").
std::vector<std::string> find_leftovers(PgSession& session);

} // namespace pgdrydock
