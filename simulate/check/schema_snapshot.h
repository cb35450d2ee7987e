// The schema of a database as an order-independent map "kind name" -> normalised definition,
// read from the catalog, and the difference of two snapshots in words.
#pragma once

#include <map>
#include <string>
#include <vector>

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

// Differences of `after` against `before`, one sentence each, e.g.
// "column public.users.email_verified still exists after downgrade",
// "type public.user_role_new left behind after downgrade",
// "index public.users_email_idx changed after downgrade: was ..., now ...".
std::vector<std::string> describe_schema_diff(const SchemaSnapshot& before,
                                              const SchemaSnapshot& after);

// Names of objects a failed migration may leave half-done: INVALID indexes and NOT VALID
// constraints ("index public.users_email_idx (INVALID)").
std::vector<std::string> find_leftovers(PgSession& session);

} // namespace pgdrydock
