// The seeder's view of a live database (Live*: read from the server, unlike lint/catalog/ which
// models a schema from SQL), made from the one schema reader (simulate/snapshot/): the user's
// tables with their columns (types resolved through domains, NOT NULL, defaults,
// identity/generated columns, enum labels), CHECK / UNIQUE / PRIMARY KEY / FOREIGN KEY
// constraints and unique indexes, and the rows they already hold.
#pragma once

#include <string>
#include <vector>

#include "simulate/snapshot/live_schema.h"

namespace pgdrydock {

class PgSession;

struct LiveCheck {
  std::string name;
  std::string definition; // pg_get_constraintdef: "CHECK ((price > (0)::numeric))"
};

struct LiveUnique {
  std::string name;         // constraint or index name
  std::vector<int> attnums; // for an index on expressions: every column they read
  bool primary = false;
  // An index on expressions: distinct column values may still collide after the expression,
  // so generated values are kept in a form common normalisations (lower, replace) leave alone.
  bool expression = false;
};

struct LiveForeignKey {
  std::string name;
  std::vector<int> attnums; // in this table
  unsigned ref_table_oid = 0;
  std::vector<int> ref_attnums; // in the referenced table, same order
};

struct LiveTable {
  unsigned oid = 0;
  std::string schema;
  std::string name;
  bool partitioned = false;
  long long existing_rows = 0;     // rows already present (inserted by a migration or a trigger)
  std::vector<LiveColumn> columns; // attnum order
  std::vector<LiveCheck> checks;
  std::vector<LiveUnique> uniques;
  std::vector<LiveForeignKey> foreign_keys;

  std::string qualified_name() const; // "schema.table", unquoted (for messages and plans)
  std::string quoted_name() const;    // "\"schema\".\"table\"" for SQL
  const LiveColumn* column(int attnum) const;
};

// The ordinary and partitioned tables of `schema` (read with the seeding part), not
// partitions (filled through their parent), in the reader's order (by schema and name).
// existing_rows stays 0: counting rows is a read of data (read_user_tables does it).
std::vector<LiveTable> seed_tables(const LiveSchema& schema);
// read_live_schema (seeding) and seed_tables, with each table's rows counted. Throws
// ErrorException (environment) when a query fails.
std::vector<LiveTable> read_user_tables(PgSession& session);
// Sets existing_rows of each table to the rows it holds now. Throws like
// read_user_tables.
void count_rows(PgSession& session, const std::vector<LiveTable*>& tables);
// Whether any table has a trigger a user created (one may insert rows into other tables while
// the seeder fills the table it is on).
bool has_user_triggers(PgSession& session);

} // namespace pgdrydock
