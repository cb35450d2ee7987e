// The reversibility check's view of a live schema: every object of the one schema reader
// (simulate/snapshot/snapshot_reader.h) as an order-independent map "kind name" -> normalised
// definition, and the difference of two such snapshots — through the one schema diff
// (lint/catalog/diff.h: the same CatalogDifference records, the same walk) — in words.
// It keeps each object's definition as the server deparses it (pg_get_indexdef,
// pg_get_viewdef, a function body's md5, comments): the check compares the server with itself
// before and after a downgrade.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "lint/catalog/diff.h"
#include "simulate/snapshot/live_schema.h"
#include "simulate/snapshot/snapshot_reader.h"

namespace pgdrydock {

class PgSession;

// key: kind + " " + name
using SchemaSnapshot = std::map<std::string, SchemaObject>;

// Every object of `schema` (read with the definitions part) with its definition.
SchemaSnapshot schema_objects(LiveSchema schema);
// read_live_schema (definitions) and schema_objects in one step.
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
// constraints ("index public.users_email_idx (INVALID)"), in name order.
std::vector<std::string> leftovers(const LiveSchema& schema);
std::vector<std::string> find_leftovers(PgSession& session);

} // namespace pgdrydock
