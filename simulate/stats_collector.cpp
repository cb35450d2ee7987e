#include "simulate/stats_collector.h"

#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "simulate/sandbox/pg_session.h"
#include "simulate/snapshot/snapshot_reader.h"

namespace pgdrydock {

StatsFile stats_of(const LiveSchema& schema) {
  StatsFile stats;
  stats.server_version = schema.server_version;
  stats.collected_at = schema.collected_at;
  for (const auto& [name, value] : schema.settings)
    stats.settings[name] = value;
  std::unordered_map<unsigned, std::size_t> by_oid;
  for (const auto& r : schema.relations) {
    if (r.kind != 'r' && r.kind != 'p' && r.kind != 'm')
      continue;
    TableStats t;
    t.schema = r.schema;
    t.name = r.name;
    const LiveRelationSizes sizes = r.sizes.value_or(LiveRelationSizes{r.reltuples, r.relpages});
    t.reltuples = sizes.reltuples;
    t.relpages = sizes.relpages;
    t.total_bytes = sizes.total_bytes;
    t.table_bytes = sizes.table_bytes;
    t.index_bytes = sizes.index_bytes;
    for (const auto& c : r.columns) {
      ColumnStats column;
      column.name = c.name;
      column.type = c.type_display;
      if (c.statistics) {
        column.null_frac = c.statistics->null_frac;
        column.avg_width = c.statistics->avg_width;
        column.n_distinct = c.statistics->n_distinct;
        column.correlation = c.statistics->correlation;
        column.has_statistics = true;
      }
      t.columns.push_back(std::move(column));
    }
    by_oid[r.oid] = stats.tables.size();
    stats.tables.push_back(std::move(t));
  }
  for (const auto& x : schema.indexes)
    if (const auto table = by_oid.find(x.table_oid); table != by_oid.end())
      stats.tables[table->second].indexes.push_back(IndexStats{x.name, x.definition, x.bytes});
  return stats;
}

Expected<StatsFile> collect_table_stats(const std::string& conninfo,
                                        const std::vector<std::string>& schemas) {
  std::optional<PgSession> session;
  try {
    session.emplace(conninfo);
  } catch (const ErrorException& e) {
    return fail(e.error()); // "cannot connect to <redacted>: ..."
  }
  SnapshotRequest request;
  request.statistics = true;
  request.schemas = schemas;
  try {
    return stats_of(read_live_schema(*session, request));
  } catch (const ErrorException& e) {
    return fail(
        environment_error(fmt::format("reading the catalog failed: {}", e.error().message)));
  }
}

} // namespace pgdrydock
