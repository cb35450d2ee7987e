#include "simulate/seed/catalog_reader.h"

#include <unordered_map>

#include "lint/support/quote_identifier.h"
#include "simulate/sandbox/pg_session.h"
#include "simulate/snapshot/snapshot_reader.h"

namespace pgdrydock {

std::string LiveTable::qualified_name() const {
  return schema + "." + name;
}

std::string LiveTable::quoted_name() const {
  return quote_identifier(schema) + "." + quote_identifier(name);
}

const LiveColumn* LiveTable::column(int attnum) const {
  for (const auto& c : columns)
    if (c.attnum == attnum)
      return &c;
  return nullptr;
}

std::vector<LiveTable> seed_tables(const LiveSchema& schema) {
  std::vector<LiveTable> tables;
  std::unordered_map<unsigned, std::size_t> index_of;
  for (const auto& r : schema.relations) {
    if ((r.kind != 'r' && r.kind != 'p') || r.partition)
      continue;
    LiveTable table;
    table.oid = r.oid;
    table.schema = r.schema;
    table.name = r.name;
    table.partitioned = r.kind == 'p';
    table.columns = r.columns;
    index_of[r.oid] = tables.size();
    tables.push_back(std::move(table));
  }
  // The reader orders constraints by table and name, indexes by table and name.
  for (const auto& k : schema.constraints) {
    const auto found = index_of.find(k.table_oid);
    if (k.table_oid == 0 || found == index_of.end())
      continue;
    LiveTable& table = tables[found->second];
    if (k.type == 'c')
      table.checks.push_back({k.name, k.definition});
    else if (k.type == 'u' || k.type == 'p')
      table.uniques.push_back({k.name, k.attnums, k.type == 'p'});
    else if (k.type == 'f')
      table.foreign_keys.push_back({k.name, k.attnums, k.ref_table_oid, k.ref_attnums});
  }
  // Unique indexes no constraint owns (CREATE UNIQUE INDEX).
  for (const auto& x : schema.indexes) {
    const auto found = index_of.find(x.table_oid);
    if (x.unique && !x.owned_by_constraint && found != index_of.end())
      tables[found->second].uniques.push_back(
          {x.name, x.expression_attnums.empty() ? x.attnums : x.expression_attnums, false,
           !x.expression_attnums.empty()});
  }
  return tables;
}

std::vector<LiveTable> read_user_tables(PgSession& session) {
  SnapshotRequest request;
  request.seeding = true;
  std::vector<LiveTable> tables = seed_tables(read_live_schema(session, request));
  std::vector<LiveTable*> all;
  for (auto& table : tables)
    all.push_back(&table);
  count_rows(session, all);
  return tables;
}

void count_rows(PgSession& session, const std::vector<LiveTable*>& tables) {
  // One query per table: a single query over all of them locks every table, partition and
  // index at once and ran out of lock slots ("out of shared memory") on concourse's history.
  for (LiveTable* table : tables)
    table->existing_rows =
        std::stoll(session.query("SELECT count(*) FROM " + table->quoted_name()).value(0, 0));
}

bool has_user_triggers(PgSession& session) {
  return session.query("SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE NOT tgisinternal)")
             .value(0, 0) == "t";
}

} // namespace pgdrydock
