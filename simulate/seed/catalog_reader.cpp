#include "simulate/seed/catalog_reader.h"

#include "lint/support/quote_identifier.h"
#include "simulate/sandbox/catalog_scope.h"
#include "simulate/sandbox/conninfo.h"

#include <charconv>
#include <map>
#include <pqxx/pqxx>

namespace pgdrydock {

namespace {

// Tables worth seeding: the user's ordinary and partitioned tables (catalog_scope.h).
// Partitions are filled through their parent.
std::string tables_query() {
  return std::string(R"SQL(
SELECT c.oid, n.nspname, c.relname, c.relkind = 'p'
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND )SQL") +
         kUserRelationCondition + "\nORDER BY n.nspname, c.relname\n";
}

// One row per column. A domain is resolved to its base type (one level is what schemas use
// in practice); an array column reports its element type.
constexpr const char* columns_query = R"SQL(
SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod),
       a.attnotnull OR coalesce(dt.typnotnull, false), a.atthasdef, a.attidentity,
       a.attgenerated <> '', coalesce(pg_get_serial_sequence(a.attrelid::regclass::text,
       a.attname), ''), bt.oid, bt.typname, btn.nspname, bt.typtype,
       CASE WHEN dt.oid IS NOT NULL THEN dt.typtypmod ELSE a.atttypmod END,
       coalesce(et.oid, 0), coalesce(et.typname, ''), coalesce(etn.nspname, ''),
       coalesce(et.typtype, 'b'), coalesce(dt.oid, 0)
FROM pg_attribute a
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type dt ON dt.oid = t.oid AND t.typtype = 'd'
JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
JOIN pg_namespace btn ON btn.oid = bt.typnamespace
LEFT JOIN pg_type et ON et.oid = bt.typelem AND bt.typcategory = 'A'
LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace
WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
)SQL";

constexpr const char* constraints_query = R"SQL(
SELECT conrelid, conname, contype, coalesce(conkey::int[], '{}'), confrelid,
       coalesce(confkey::int[], '{}'), pg_get_constraintdef(oid)
FROM pg_constraint
WHERE conrelid = ANY($1::oid[]) AND contype IN ('c', 'u', 'p', 'f')
ORDER BY conrelid, conname
)SQL";

// Unique indexes that no constraint owns (CREATE UNIQUE INDEX). For an index on expressions
// (lower(name)) the columns are its plain keys plus every column the expressions read (the
// Var nodes of pg_index.indexprs), so the seeder keeps those columns distinct.
constexpr const char* unique_indexes_query = R"SQL(
SELECT i.indrelid, ic.relname,
       CASE WHEN i.indexprs IS NULL THEN i.indkey::int2[]::int[]
       ELSE ARRAY(SELECT DISTINCT k FROM (
              SELECT unnest(i.indkey::int2[]::int[]) AS k
              UNION SELECT m[1]::int FROM regexp_matches(i.indexprs::text, ':varattno (\d+)', 'g') m
            ) keys WHERE k > 0 ORDER BY k) END,
       i.indexprs IS NOT NULL
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
WHERE i.indrelid = ANY($1::oid[]) AND i.indisunique
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
ORDER BY i.indrelid, ic.relname
)SQL";

constexpr const char* domain_checks_query = R"SQL(
SELECT contypid, pg_get_constraintdef(oid) FROM pg_constraint
WHERE contypid = ANY($1::oid[]) AND contype = 'c' ORDER BY contypid, conname
)SQL";

constexpr const char* enum_labels_query = R"SQL(
SELECT enumtypid, enumlabel FROM pg_enum ORDER BY enumtypid, enumsortorder
)SQL";

// "{1,2,3}" as produced for int[] -> {1,2,3}.
std::vector<int> parse_int_array(const std::string& text) {
  std::vector<int> values;
  const char* p = text.data();
  // The end of the text, not of what follows the bound: reading past it overflowed (found by
  // ASan simulating crates.io, a unique index over two columns).
  const char* const end = text.data() + text.size();
  // int2vector casts keep their lower bound: "[0:1]={1,2}".
  if (const auto equals = text.find('='); equals != std::string::npos)
    p += equals + 1;
  while (p < end) {
    if (*p == '-' || (*p >= '0' && *p <= '9')) {
      int value = 0;
      auto [next, ec] = std::from_chars(p, end, value);
      if (ec == std::errc{})
        values.push_back(value);
      p = next;
    } else {
      ++p;
    }
  }
  return values;
}

std::string oid_array(const std::vector<unsigned>& oids) {
  std::string text = "{";
  for (size_t i = 0; i < oids.size(); ++i) {
    if (i)
      text += ',';
    text += std::to_string(oids[i]);
  }
  return text + "}";
}

} // namespace

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

std::vector<LiveTable> read_user_tables(pqxx::connection_base& connection) {
  pqxx::read_transaction tx(connection);
  std::vector<LiveTable> tables;
  std::map<unsigned, size_t> index_of;
  std::vector<unsigned> oids;
  for (const auto& row : tx.exec(tables_query())) {
    LiveTable table;
    table.oid = row[0].as<unsigned>();
    table.schema = row[1].as<std::string>();
    table.name = row[2].as<std::string>();
    table.partitioned = row[3].as<bool>();
    index_of[table.oid] = tables.size();
    oids.push_back(table.oid);
    tables.push_back(std::move(table));
  }
  if (tables.empty())
    return tables;
  const std::string oid_list = oid_array(oids);

  std::map<unsigned, std::vector<std::string>> enum_labels;
  for (const auto& row : tx.exec(enum_labels_query))
    enum_labels[row[0].as<unsigned>()].push_back(row[1].as<std::string>());

  // (table index, column index) of every column typed with each domain.
  std::map<unsigned, std::vector<std::pair<size_t, size_t>>> columns_of_domain;
  for (const auto& row : tx.exec_params(columns_query, oid_list)) {
    const size_t table_index = index_of.at(row[0].as<unsigned>());
    LiveTable& table = tables[table_index];
    LiveColumn column;
    column.attnum = row[1].as<int>();
    column.name = row[2].as<std::string>();
    column.type_display = row[3].as<std::string>();
    column.not_null = row[4].as<bool>();
    column.has_default = row[5].as<bool>();
    const std::string identity = row[6].as<std::string>();
    column.identity = identity.empty() ? '\0' : identity[0];
    column.generated = row[7].as<bool>();
    column.sequence = row[8].as<std::string>();
    const unsigned element_oid = row[14].as<unsigned>();
    column.is_array = element_oid != 0;
    if (column.is_array) {
      column.type.oid = element_oid;
      column.type.name = row[15].as<std::string>();
      column.type.schema = row[16].as<std::string>();
      column.type.typtype = row[17].as<std::string>()[0];
    } else {
      column.type.oid = row[9].as<unsigned>();
      column.type.name = row[10].as<std::string>();
      column.type.schema = row[11].as<std::string>();
      column.type.typtype = row[12].as<std::string>()[0];
    }
    column.type.typmod = row[13].as<int>();
    if (column.type.typtype == 'e')
      column.type.enum_labels = enum_labels[column.type.oid];
    if (const unsigned domain = row[18].as<unsigned>(); domain != 0)
      columns_of_domain[domain].emplace_back(table_index, table.columns.size());
    table.columns.push_back(std::move(column));
  }
  if (!columns_of_domain.empty()) {
    std::vector<unsigned> domains;
    for (const auto& [oid, _] : columns_of_domain)
      domains.push_back(oid);
    for (const auto& row : tx.exec_params(domain_checks_query, oid_array(domains)))
      for (const auto& [table_index, column_index] : columns_of_domain[row[0].as<unsigned>()])
        tables[table_index].columns[column_index].domain_checks.push_back(row[1].as<std::string>());
  }

  for (const auto& row : tx.exec_params(constraints_query, oid_list)) {
    LiveTable& table = tables[index_of.at(row[0].as<unsigned>())];
    const std::string name = row[1].as<std::string>();
    const char type = row[2].as<std::string>()[0];
    const std::vector<int> keys = parse_int_array(row[3].as<std::string>());
    if (type == 'c') {
      table.checks.push_back({name, row[6].as<std::string>()});
    } else if (type == 'u' || type == 'p') {
      table.uniques.push_back({name, keys, type == 'p'});
    } else {
      table.foreign_keys.push_back(
          {name, keys, row[4].as<unsigned>(), parse_int_array(row[5].as<std::string>())});
    }
  }
  for (const auto& row : tx.exec_params(unique_indexes_query, oid_list)) {
    LiveTable& table = tables[index_of.at(row[0].as<unsigned>())];
    std::vector<int> keys = parse_int_array(row[2].as<std::string>());
    table.uniques.push_back({row[1].as<std::string>(), keys, false, row[3].as<bool>()});
  }
  for (auto& table : tables)
    table.existing_rows =
        tx.exec1("SELECT count(*) FROM " + table.quoted_name())[0].as<long long>();
  return tables;
}

} // namespace pgdrydock
