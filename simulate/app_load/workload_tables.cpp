#include "simulate/app_load/workload_tables.h"

#include <set>

#include <fmt/format.h>

#include "lint/support/quote_identifier.h"

namespace pgdrydock {
namespace {

// Rows sampled per table: enough spread for lookups, one cheap read.
constexpr int kSampleRows = 500;

// Parameters: schema, table. The one-column primary key, its type, and whether the table has
// any other unique or exclusion index.
constexpr const char* kKeyQuery =
    "SELECT a.attname, a.atttypid IN ('int4'::regtype, 'int8'::regtype), "
    "(SELECT count(*) FROM pg_catalog.pg_index o WHERE o.indrelid = c.oid AND NOT o.indisprimary "
    "AND (o.indisunique OR o.indisexclusion)) = 0 "
    "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "JOIN pg_catalog.pg_index i ON i.indrelid = c.oid AND i.indisprimary AND i.indnatts = 1 "
    "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0] "
    "WHERE n.nspname = $1 AND c.relname = $2";

// The first column of another plain btree index (range reads), when there is one.
constexpr const char* kRangeQuery =
    "SELECT a.attname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
    "c.relnamespace JOIN pg_catalog.pg_index i ON i.indrelid = c.oid AND NOT i.indisprimary AND "
    "i.indpred IS NULL AND i.indkey[0] > 0 JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
    "JOIN pg_catalog.pg_am am ON am.oid = ic.relam AND am.amname = 'btree' "
    "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0] "
    "WHERE n.nspname = $1 AND c.relname = $2 ORDER BY ic.relname LIMIT 1";

// The columns an INSERT may name (generated columns take their own values).
constexpr const char* kColumnsQuery =
    "SELECT a.attname FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = "
    "a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 "
    "AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' "
    "ORDER BY a.attnum";

std::string insert_copying_row(const std::string& table, const std::string& key,
                               const PgRows& columns) {
  std::string names;
  std::string values;
  for (std::size_t i = 0; i < columns.rows.size(); ++i) {
    const std::string column = quote_identifier(columns.value(i, 0));
    names += (i ? ", " : "") + column;
    values += (i ? ", " : "") + (column == key ? std::string("$1") : column);
  }
  return fmt::format("INSERT INTO {} ({}) OVERRIDING SYSTEM VALUE SELECT {} FROM {} WHERE {} = $2",
                     table, names, values, table, key);
}

} // namespace

std::vector<std::string> touched_tables(const std::vector<ScriptResult>& scripts) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& script : scripts)
    for (const auto& st : script.statements)
      for (const auto& e : st.effects)
        if (!e.creates && e.kind == RelationKind::Table && seen.insert(e.relation).second)
          out.push_back(e.relation);
  return out;
}

std::vector<WorkloadTable> read_workload_tables(PgSession& session,
                                                const std::vector<std::string>& relations) {
  session.prepare("pgdrydock_app_key", kKeyQuery);
  session.prepare("pgdrydock_app_range", kRangeQuery);
  session.prepare("pgdrydock_app_columns", kColumnsQuery);
  std::vector<WorkloadTable> out;
  for (const auto& relation : relations) {
    const auto dot = relation.find('.');
    const std::vector<std::string> name =
        dot == std::string::npos
            ? std::vector<std::string>{"public", relation}
            : std::vector<std::string>{relation.substr(0, dot), relation.substr(dot + 1)};
    const PgRows key = session.query_prepared("pgdrydock_app_key", name);
    if (key.rows.empty())
      continue;
    WorkloadTable t;
    t.relation = relation;
    t.table = quote_qualified(name[0], name[1]);
    const std::string& table = t.table;
    t.key = quote_identifier(key.value(0, 0));
    const PgRows range = session.query_prepared("pgdrydock_app_range", name);
    t.range_column = range.rows.empty() ? t.key : quote_identifier(range.value(0, 0));
    const PgRows sample = session.query(fmt::format("SELECT {}::text, {}::text FROM {} LIMIT {}",
                                                    t.key, t.range_column, table, kSampleRows));
    for (std::size_t i = 0; i < sample.rows.size(); ++i) {
      t.key_values.push_back(sample.value(i, 0));
      if (sample.rows[i].at(1))
        t.range_values.push_back(sample.value(i, 1));
    }
    if (t.key_values.empty())
      continue;                   // nothing to look up: the seeder left it empty
    if (t.range_values.empty()) { // the indexed column is all NULL here: range over the key
      t.range_column = t.key;
      t.range_values = t.key_values;
    }
    if (key.value(0, 1) == "t" && key.value(0, 2) == "t") {
      t.insert_sql =
          insert_copying_row(table, t.key, session.query_prepared("pgdrydock_app_columns", name));
      t.first_new_key =
          std::stoll(
              session.query(fmt::format("SELECT coalesce(max({}), 0)::text FROM {}", t.key, table))
                  .value(0, 0)) +
          1;
    }
    out.push_back(std::move(t));
  }
  return out;
}

} // namespace pgdrydock
