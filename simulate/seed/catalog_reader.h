// What the seeder needs to know about the user tables of a live database (Live*: read from the
// server, unlike lint/catalog/ which models a schema from SQL), read from the catalog in
// a handful of queries (not one per table): columns with their types resolved through domains,
// NOT NULL, defaults, identity/generated columns, CHECK / UNIQUE / PRIMARY KEY / FOREIGN KEY
// constraints, unique indexes and enum labels.
#pragma once

#include <string>
#include <vector>

namespace pqxx {
class connection_base;
}

namespace pgdrydock {

struct LiveType {
  unsigned oid = 0;
  std::string name;   // pg_type.typname of the base type (domains resolved): "int4", "varchar"
  std::string schema; // namespace of that type ("pg_catalog" for built-ins)
  char typtype = 'b'; // 'b' base, 'e' enum, 'c' composite, 'r' range, ...
  int typmod = -1;    // of the column (or the domain's base), -1 when none
  std::vector<std::string> enum_labels; // typtype 'e', in sort order
};

struct LiveColumn {
  int attnum = 0;
  std::string name;
  std::string type_display; // format_type(): "character varying(20)", "user_role[]"
  LiveType type;            // base type; for arrays the ELEMENT type
  bool is_array = false;
  bool not_null = false; // column or domain NOT NULL
  bool has_default = false;
  char identity = '\0';   // 'a' ALWAYS, 'd' BY DEFAULT, '\0' none
  bool generated = false; // GENERATED ALWAYS AS (...) STORED: never written
  std::string sequence;   // owned sequence (serial or identity), qualified; empty if none
  std::vector<std::string> domain_checks; // pg_get_constraintdef of the domain's CHECKs (VALUE)
};

struct LiveCheck {
  std::string name;
  std::string definition; // pg_get_constraintdef: "CHECK ((price > (0)::numeric))"
};

struct LiveUnique {
  std::string name;         // constraint or index name
  std::vector<int> attnums; // for an index on expressions: every column they read
  bool primary = false;
  // An index on expressions: distinct column values may still collide after the expression,
  // so generated values are kept in a form common normalisations (lower, replace) leave alone.
  bool expression = false;
};

struct LiveForeignKey {
  std::string name;
  std::vector<int> attnums; // in this table
  unsigned ref_table_oid = 0;
  std::vector<int> ref_attnums; // in the referenced table, same order
};

struct LiveTable {
  unsigned oid = 0;
  std::string schema;
  std::string name;
  bool partitioned = false;
  long long existing_rows = 0;     // rows already present (lookup data inserted by a migration)
  std::vector<LiveColumn> columns; // attnum order
  std::vector<LiveCheck> checks;
  std::vector<LiveUnique> uniques;
  std::vector<LiveForeignKey> foreign_keys;

  std::string qualified_name() const; // "schema.table", unquoted (for messages and plans)
  std::string quoted_name() const;    // "\"schema\".\"table\"" for SQL
  const LiveColumn* column(int attnum) const;
};

// Every ordinary or partitioned table (not partitions, not extension members) in every schema
// except pg_catalog, information_schema, pg_toast and temporary schemas, ordered by name.
std::vector<LiveTable> read_user_tables(pqxx::connection_base& connection);

} // namespace pgdrydock
