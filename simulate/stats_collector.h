// `pgdrydock stats`: production table statistics from a live server's catalog (a read
// replica and a read-only role are enough), as a view of the one schema reader
// (simulate/snapshot/, statistics part). Only catalog numbers are read: pg_class sizes,
// pg_stats' scalar columns (null_frac, avg_width, n_distinct, correlation) and index
// definitions. Never row values: most_common_vals and histogram_bounds are not selected.
#pragma once

#include <string>
#include <vector>

#include "lint/support/error.h"
#include "lint/table_stats.h"

#include "simulate/snapshot/live_schema.h"

namespace pgdrydock {

// Ordinary, partitioned and materialized tables of `schema` (read with the statistics part),
// with their columns and indexes, in the reader's order (by schema and name). A partitioned
// table reports the rows and bytes of its partitions summed.
StatsFile stats_of(const LiveSchema& schema);
// Those of every user schema (or only of `schemas` when non-empty) through a libpq connection
// string (URI or key=value), or an environment Error (cannot connect, catalog query failed) whose
// message never holds the password.
Expected<StatsFile> collect_table_stats(const std::string& conninfo,
                                        const std::vector<std::string>& schemas = {});

} // namespace pgdrydock
