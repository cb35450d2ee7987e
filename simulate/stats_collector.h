// `pgdrydock stats`: reads production table statistics from a live server's catalog (a read
// replica and a read-only role are enough). Only catalog numbers are read: pg_class sizes,
// pg_stats' scalar columns (null_frac, avg_width, n_distinct, correlation) and index
// definitions. Never row values: most_common_vals and histogram_bounds are not selected.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "lint/support/error.h"
#include "lint/table_stats.h"

namespace pqxx {
class connection_base;
}

namespace pgdrydock {

// Ordinary, partitioned and materialized tables of every user schema (or only of `schemas`
// when non-empty), with their columns and indexes, ordered by schema and name. A partitioned
// table reports the rows and bytes of its partitions summed.
StatsFile collect_table_stats(pqxx::connection_base& connection,
                              const std::vector<std::string>& schemas = {});
// The same through a libpq connection string (URI or key=value), or an environment Error
// (cannot connect, catalog query failed) whose message never holds the password.
Expected<StatsFile> collect_table_stats(const std::string& conninfo,
                                        const std::vector<std::string>& schemas = {});

} // namespace pgdrydock
