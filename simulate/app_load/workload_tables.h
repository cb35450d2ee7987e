// What the synthetic application queries: for each existing table a migration touches, its
// single-column primary key, an indexed column for range reads, and values sampled from the
// seeded rows (so lookups find rows, and an inserted row copies a valid one: its CHECK and
// foreign-key values are the seeder's, already accepted by the server).
#pragma once

#include <string>
#include <vector>

#include "lint/lint_result.h"
#include "simulate/sandbox/pg_session.h"

namespace pgdrydock {

struct WorkloadTable {
  std::string relation;     // "public.orders", as the effects name it
  std::string table;        // the same, quoted for SQL
  std::string key;          // quoted primary-key column
  std::string range_column; // quoted first column of a btree index (the key when none other)
  std::vector<std::string> key_values;   // sampled, text form
  std::vector<std::string> range_values; // sampled, text form
  // INSERT ... SELECT copying the row of key $2 under the new key $1; empty when the table has
  // another unique or exclusion constraint or a non-integer key (a copy would be rejected).
  std::string insert_sql;
  long long first_new_key = 0; // above every key present
};

// The existing tables (not created by the script) that `scripts` lock, deduplicated, in first
// mention order.
std::vector<std::string> touched_tables(const std::vector<ScriptResult>& scripts);

// Reads the shape and samples of each of `relations` that has rows and a one-column primary
// key (others are left out: the workload cannot address their rows by key). Throws
// ErrorException (environment) when the catalog cannot be read.
std::vector<WorkloadTable> read_workload_tables(PgSession& session,
                                                const std::vector<std::string>& relations);

} // namespace pgdrydock
