// Loading a planned table into the database: libpq sessions (PgSession: COPY rows go out through
// PQputCopyData, which libpqxx 6 does not offer) opened on demand, rows
// rendered straight into COPY buffers and streamed over several connections at once, each in
// its own transaction so a table is either filled or left as it was.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "simulate/sandbox/pg_session.h"

#include "simulate/seed/catalog_reader.h"
#include "simulate/seed/seeder.h"
#include "simulate/seed/seeder_fill.h"

namespace pgdrydock::seeding {

// The COPY side of a seeding run: owns the COPY connections (the catalog connection is the
// seeder's own) and loads one table at a time.
class CopyLoader {
public:
  // streams: SeedPlan::streams (0: one per CPU core, at most 4).
  CopyLoader(std::string conninfo, int streams)
      : conninfo_(std::move(conninfo)), streams_wanted_(streams) {}

  // The index-th COPY connection, opened (and the ones before it) when first asked for;
  // throws ErrorException when it cannot be made.
  PgSession& connection(size_t index);

  // Loads rows [0, plan.rows) of the table and moves its sequences past them; returns the
  // error sentence, empty on success.
  std::string copy_rows(const LiveTable& table, const TablePlan& plan);

private:
  size_t streams_for(const TablePlan& plan) const;
  static long long range_start(const TablePlan& plan, size_t index, size_t count);
  static std::string stream(PgSession& copy, const LiveTable& table, const TablePlan& plan,
                            const std::string& copy_sql, long long first, long long end);
  static std::string describe_copy_error(const LiveTable& table, const PgError& error);

  std::string conninfo_;
  int streams_wanted_ = 0;
  std::vector<std::unique_ptr<PgSession>> streams_; // COPY connections, opened on demand
};

} // namespace pgdrydock::seeding
