// Synthetic data for a simulation: reads the catalog of a database (every user table in every
// user schema) and fills each table with generated rows that satisfy its types and constraints,
// parents before children, streamed with COPY, then ANALYZE.
//
// Values are a pure function of (seed, table, column, row number), so a run is reproducible,
// UNIQUE / PRIMARY KEY columns get distinct values straight from the row number, and a foreign
// key picks parent row (i mod parent rows) by regenerating the parent's key for that row.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "lint/support/error.h"
#include "lint/table_stats.h"

namespace pgdrydock {

struct SeedPlan {
  long long default_rows = 1000; // --rows N
  // --rows table=N: key "schema.table" or just "table" (matches that name in any schema).
  std::map<std::string, long long> rows_per_table;
  std::uint64_t seed = 1; // changes every generated value, deterministically
  bool analyze = true;    // ANALYZE each table written to, afterwards
  // false: rows_for() rows are generated in addition to the rows a table held before the run
  // (lookup rows a migration inserted). true: a table is filled UP TO rows_for() rows, counting
  // those it holds (a copy of a database seeded at an earlier step of a history); a table that
  // holds enough is not written to. Either way rows a trigger wrote during the run count.
  bool top_up = false;
  // COPY connections used at once for a large table (each loads a range of row numbers);
  // 0: one per CPU core, at most 4. Tables referencing themselves always use one.
  int streams = 0;
  // --stats: production statistics (not owned; must outlive the seeding). Data is then shaped
  // like production: a table the statistics know and rows_per_table does not name gets
  // default_rows x (its rows / the largest table's rows), at least 1 when it has rows there;
  // per column the null fraction (nullable columns outside UNIQUE constraints), the number of
  // distinct values (pg_stats.n_distinct: a count stays a count, a fraction of rows scales
  // with the rows generated) and, for text, the average width. Correlation is not reproduced.
  const StatsFile* stats = nullptr;

  // Rows for one table: an exact "schema.table" entry, else a "table" entry, else the share
  // of default_rows the statistics give it, else default_rows.
  long long rows_for(const std::string& schema, const std::string& table) const;
};

// Adds one --rows argument to the plan: "N" sets default_rows, "table=N" / "schema.table=N"
// overrides one table. Throws std::invalid_argument with a one-line message on bad input.
Expected<void> add_rows_option(SeedPlan& plan, const std::string& argument);

struct TableSeedResult {
  std::string table; // "schema.table"
  // Rows the run added (generated, or written by triggers of other tables); with top_up, the
  // rows the table holds. 0 when error is set.
  long long rows = 0;
  double seconds = 0; // COPY time for this table
  std::string error;  // empty on success; otherwise names the table and the constraint/column
  bool ok() const { return error.empty(); }
};

struct SeedReport {
  std::vector<TableSeedResult> tables; // in fill order (parents first)
  double seconds = 0;                  // whole run: catalog read, COPY, ANALYZE
  double analyze_seconds = 0;
  bool ok() const; // every table filled
  long long total_rows() const;
};

// Fills every user table of the database named by `conninfo` (libpq connection string).
// Existing rows are left in place; generated rows are appended (see SeedPlan::top_up).
SeedReport seed_database(const std::string& conninfo, const SeedPlan& plan);

} // namespace pgdrydock
