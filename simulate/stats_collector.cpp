#include "simulate/stats_collector.h"

#include <map>
#include <optional>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "simulate/sandbox/catalog_scope.h"
#include "simulate/sandbox/pg_client.h"

namespace pgdrydock {
namespace {

// The tables described: those a migration may touch (ordinary, partitioned, materialized) of
// the user (`{scope}`, catalog_scope.h). `{schemas}` narrows it when asked.
constexpr const char* kWantedTables = R"SQL(
WITH wanted AS (
  SELECT c.oid, n.nspname, c.relname, c.relkind
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'm') AND {scope}
    {schemas}
)
)SQL";

// A partitioned table has no storage of its own: its rows and bytes are its partitions'.
constexpr const char* kTablesQuery = R"SQL(
SELECT w.oid::bigint, w.nspname, w.relname,
       CASE WHEN w.relkind = 'p' THEN
         (SELECT coalesce(sum(greatest(pc.reltuples, 0)), 0)::float8
          FROM pg_partition_tree(w.oid) t JOIN pg_class pc ON pc.oid = t.relid WHERE t.isleaf)
       ELSE c.reltuples::float8 END,
       CASE WHEN w.relkind = 'p' THEN
         (SELECT coalesce(sum(pc.relpages), 0)::bigint
          FROM pg_partition_tree(w.oid) t JOIN pg_class pc ON pc.oid = t.relid WHERE t.isleaf)
       ELSE c.relpages::bigint END,
       CASE WHEN w.relkind = 'p' THEN
         (SELECT coalesce(sum(pg_total_relation_size(t.relid)), 0)::bigint
          FROM pg_partition_tree(w.oid) t)
       ELSE pg_total_relation_size(w.oid) END,
       CASE WHEN w.relkind = 'p' THEN
         (SELECT coalesce(sum(pg_table_size(t.relid)), 0)::bigint FROM pg_partition_tree(w.oid) t)
       ELSE pg_table_size(w.oid) END,
       CASE WHEN w.relkind = 'p' THEN
         (SELECT coalesce(sum(pg_indexes_size(t.relid)), 0)::bigint
          FROM pg_partition_tree(w.oid) t)
       ELSE pg_indexes_size(w.oid) END
FROM wanted w JOIN pg_class c ON c.oid = w.oid
ORDER BY w.nspname, w.relname
)SQL";

// Only the scalar columns of pg_stats: its value arrays (most_common_vals, histogram_bounds,
// most_common_elems) hold row data and are never selected. A partitioned table's statistics
// are the inherited ones; an ordinary table's the plain ones.
constexpr const char* kColumnsQuery = R"SQL(
SELECT a.attrelid::bigint, a.attname, format_type(a.atttypid, a.atttypmod),
       s.null_frac::float8, s.avg_width::float8, s.n_distinct::float8, s.correlation::float8,
       s.null_frac IS NOT NULL
FROM wanted w
JOIN pg_attribute a ON a.attrelid = w.oid
LEFT JOIN LATERAL (
  SELECT ps.null_frac, ps.avg_width, ps.n_distinct, ps.correlation
  FROM pg_stats ps
  WHERE ps.schemaname = w.nspname AND ps.tablename = w.relname AND ps.attname = a.attname
  ORDER BY ps.inherited = (w.relkind = 'p') DESC
  LIMIT 1) s ON true
WHERE a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
)SQL";

constexpr const char* kIndexesQuery = R"SQL(
SELECT i.indrelid::bigint, ic.relname, pg_get_indexdef(i.indexrelid),
       pg_relation_size(i.indexrelid)::bigint
FROM wanted w
JOIN pg_index i ON i.indrelid = w.oid
JOIN pg_class ic ON ic.oid = i.indexrelid
ORDER BY i.indrelid, ic.relname
)SQL";

std::string schema_filter(pqxx::transaction_base& tx, const std::vector<std::string>& schemas) {
  if (schemas.empty())
    return {};
  std::string list;
  for (const auto& schema : schemas)
    // tx.quote()'s text built by append: pqxx's inline `"'" + esc + "'"` trips a false
    // -Wrestrict in GCC 12 at -O3.
    list.append(list.empty() ? "" : ", ").append("'").append(tx.esc(schema)).append("'");
  return fmt::format("AND n.nspname IN ({})", list);
}

double number_or(const pqxx::field& field, double fallback) {
  return field.is_null() ? fallback : field.as<double>();
}

} // namespace

StatsFile collect_table_stats(pqxx::connection_base& connection,
                              const std::vector<std::string>& schemas) {
  pqxx::read_transaction tx(connection);
  StatsFile stats;
  stats.server_version = tx.exec1("SHOW server_version")[0].as<std::string>();
  stats.collected_at =
      tx.exec1("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")[0]
          .as<std::string>();
  // Sizes only (no row data): what a size sweep scales its memory with.
  for (const auto& row : tx.exec("SELECT name, current_setting(name) FROM pg_settings WHERE name "
                                 "IN ('maintenance_work_mem', 'work_mem', 'shared_buffers', "
                                 "'max_wal_size')"))
    stats.settings[row[0].as<std::string>()] = row[1].as<std::string>();
  const std::string wanted = fmt::format(kWantedTables, fmt::arg("scope", kUserRelationCondition),
                                         fmt::arg("schemas", schema_filter(tx, schemas)));

  std::map<long long, std::size_t> by_oid;
  for (const auto& row : tx.exec(wanted + kTablesQuery)) {
    TableStats t;
    t.schema = row[1].as<std::string>();
    t.name = row[2].as<std::string>();
    t.reltuples = row[3].as<double>();
    t.relpages = row[4].as<std::int64_t>();
    t.total_bytes = row[5].as<std::int64_t>();
    t.table_bytes = row[6].as<std::int64_t>();
    t.index_bytes = row[7].as<std::int64_t>();
    by_oid[row[0].as<long long>()] = stats.tables.size();
    stats.tables.push_back(std::move(t));
  }
  for (const auto& row : tx.exec(wanted + kColumnsQuery)) {
    const auto table = by_oid.find(row[0].as<long long>());
    if (table == by_oid.end())
      continue;
    ColumnStats c;
    c.name = row[1].as<std::string>();
    c.type = row[2].as<std::string>();
    c.null_frac = number_or(row[3], 0);
    c.avg_width = number_or(row[4], 0);
    c.n_distinct = number_or(row[5], 0);
    c.correlation = number_or(row[6], 0);
    c.has_statistics = row[7].as<bool>();
    stats.tables[table->second].columns.push_back(std::move(c));
  }
  for (const auto& row : tx.exec(wanted + kIndexesQuery)) {
    const auto table = by_oid.find(row[0].as<long long>());
    if (table == by_oid.end())
      continue;
    stats.tables[table->second].indexes.push_back(
        IndexStats{row[1].as<std::string>(), row[2].as<std::string>(), row[3].as<std::int64_t>()});
  }
  return stats;
}

Expected<StatsFile> collect_table_stats(const std::string& conninfo,
                                        const std::vector<std::string>& schemas) {
  std::optional<PgClient> client;
  try {
    client.emplace(conninfo);
  } catch (const ErrorException& e) {
    return fail(e.error()); // "cannot connect to <redacted>: ..."
  }
  try {
    return collect_table_stats(client->connection(), schemas);
  } catch (const pqxx::sql_error& e) {
    return fail(environment_error(fmt::format("reading the catalog failed: {}", e.what())));
  }
}

} // namespace pgdrydock
