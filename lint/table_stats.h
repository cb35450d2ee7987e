// Production table statistics, as `pgdrydock stats` writes them and `--stats FILE` reads them.
// Catalog statistics only (pg_class, pg_stats' scalar columns, pg_indexes): never row values.
// Lint uses them to name and weigh table sizes; simulate to shape synthetic data and to pick
// the production row counts its estimates extrapolate to.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lint/support/error.h"

namespace pgdrydock {

struct ColumnStats {
  std::string name;
  std::string type;            // format_type() spelling: "bigint", "character varying(80)"
  double null_frac = 0;        // pg_stats.null_frac, 0..1
  double avg_width = 0;        // pg_stats.avg_width, bytes
  double n_distinct = 0;       // pg_stats semantics: > 0 a count, < 0 minus a fraction of rows
  double correlation = 0;      // pg_stats.correlation, -1..1
  bool has_statistics = false; // false: never analysed, the numbers above are defaults
};

struct IndexStats {
  std::string name;
  std::string definition; // pg_get_indexdef()
  std::int64_t bytes = 0;
};

struct TableStats {
  std::string schema; // "public"
  std::string name;
  double reltuples = 0; // pg_class.reltuples (-1 on PG >= 14 when never vacuumed/analysed)
  std::int64_t relpages = 0;
  std::int64_t total_bytes = 0; // pg_total_relation_size
  std::int64_t table_bytes = 0; // pg_table_size
  std::int64_t index_bytes = 0; // pg_indexes_size
  std::vector<ColumnStats> columns;
  std::vector<IndexStats> indexes;

  // Best row-count estimate: reltuples when known, else pages x an average rows-per-page.
  double rows() const;
  const ColumnStats* column(std::string_view column_name) const;
};

struct StatsFile {
  static constexpr int kFormatVersion = 1;
  int format_version = kFormatVersion;
  std::string server_version; // "15.8"
  std::string collected_at;   // ISO 8601 UTC
  std::string source_path;    // where it was read from (for messages), not serialised
  std::vector<TableStats> tables;
  // Server settings a size sweep scales its memory with (simulate/estimate/scale_model.h), as SHOW
  // prints them: {"maintenance_work_mem": "64MB", "work_mem": "4MB", "shared_buffers":
  // "128MB", "max_wal_size": "1GB"}. Empty in files written before they were collected.
  std::map<std::string, std::string> settings;

  // Resolves `name` or `schema.name` (unquoted identifiers fold to lower case); a bare name
  // looks in "public" first, then in any schema when it is unique there.
  const TableStats* find(std::string_view qualified_or_bare) const;
  const TableStats* find(std::string_view schema, std::string_view table) const;
};

// Reads a stats file, or an input Error (file, line and key of the problem) on bad input or an
// unsupported format_version.
Expected<StatsFile> load_stats_file(const std::string& path);
// The JSON document `pgdrydock stats` prints (includes "format_version" and a "note" saying
// that no row values are included).
std::string stats_file_to_json(const StatsFile& stats);

// "41.2 M rows, 18 GB" — the phrase findings and reports use.
std::string describe_table_size(const TableStats& table);

} // namespace pgdrydock
