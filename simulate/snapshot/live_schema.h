// The schema of a live database as typed records, read from pg_catalog in one pass
// (snapshot_reader.h) and shared by everything that looks at a server's schema: the
// reversibility check (schema_objects.h: each object's definition, compared before and after a
// downgrade), the data check (user tables and their keys), the seeder (columns with their types
// resolved, constraints and unique indexes) and `pgdrydock stats` (sizes and planner
// statistics). Live* types describe what the server has, unlike lint/catalog/, which models a
// schema from SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pgdrydock {

struct LiveType {
  unsigned oid = 0;
  std::string name;   // pg_type.typname of the base type (domains resolved): "int4", "varchar"
  std::string schema; // namespace of that type ("pg_catalog" for built-ins)
  char typtype = 'b'; // 'b' base, 'e' enum, 'c' composite, 'r' range, ...
  int typmod = -1;    // of the column (or the domain's base), -1 when none
  std::vector<std::string> enum_labels; // typtype 'e', in sort order (seeding part)
};

// pg_stats' scalar columns (statistics part); never its value arrays.
struct LiveColumnStatistics {
  double null_frac = 0;
  double avg_width = 0;
  double n_distinct = 0;
  double correlation = 0;
};

struct LiveColumn {
  int attnum = 0;
  std::string name;
  std::string type_display; // format_type(): "character varying(20)", "user_role[]"
  // Resolved with the seeding part (else `type` holds only the declared type's oid and typmod,
  // and not_null only the column's own NOT NULL): the one part that generates values for it.
  LiveType type; // base type; for arrays the ELEMENT type
  bool is_array = false;
  bool declared_not_null = false; // the column's own NOT NULL
  bool not_null = false;          // the column's or its domain's NOT NULL
  bool has_default = false;
  std::optional<std::string> default_expr; // pg_get_expr of the default (or generation) expression
  char identity = '\0';                    // 'a' ALWAYS, 'd' BY DEFAULT, '\0' none
  bool generated = false;                  // GENERATED ALWAYS AS (...) STORED: never written
  std::string collation;   // a collation other than its type's, as regcollation prints it
  std::string sequence;    // owned sequence (serial or identity), qualified (seeding part)
  unsigned domain_oid = 0; // the column's domain, 0 when none (seeding part)
  std::vector<std::string> domain_checks; // pg_get_constraintdef of the domain's CHECKs (VALUE)
  std::optional<LiveColumnStatistics> statistics; // none: never analysed (statistics part)
};

// Rows and bytes of a table (statistics part); a partitioned table's are its partitions' summed.
struct LiveRelationSizes {
  double reltuples = 0;
  std::int64_t relpages = 0;
  std::int64_t total_bytes = 0;
  std::int64_t table_bytes = 0;
  std::int64_t index_bytes = 0;
};

struct LiveRelation {
  unsigned oid = 0;
  std::string schema;
  std::string name;
  char kind = 'r';        // pg_class.relkind: r p v m S f
  char persistence = 'p'; // p permanent, u unlogged
  bool partition = false; // a partition of a partitioned table
  bool row_security = false;
  bool force_row_security = false;
  std::string view_definition;     // views and materialized views
  std::string sequence_definition; // sequences: type, start, increment, min, max, cycle
  double reltuples = -1;           // -1: never vacuumed or analysed (PostgreSQL 14+)
  std::int64_t relpages = 0;
  std::vector<LiveColumn> columns; // attnum order; none for sequences
  std::optional<LiveRelationSizes> sizes;

  std::string qualified_name() const { return schema + "." + name; } // unquoted, for messages
};

struct LiveConstraint {
  std::string schema;
  std::string table; // empty for a domain's constraint
  unsigned table_oid = 0;
  unsigned domain_oid = 0;
  std::string name;
  char type = 'c'; // pg_constraint.contype: c u p f x t n
  std::vector<int> attnums;
  unsigned ref_table_oid = 0;
  std::vector<int> ref_attnums;
  std::string definition; // pg_get_constraintdef
  bool validated = true;
};

struct LiveIndex {
  std::string schema; // the index's
  std::string name;
  unsigned table_oid = 0;
  std::string definition; // pg_get_indexdef
  bool unique = false;
  bool primary = false;
  bool valid = true;
  bool owned_by_constraint = false; // a PRIMARY KEY / UNIQUE / EXCLUDE constraint's index
  std::vector<int> attnums;         // empty when it indexes an expression
  std::int64_t bytes = 0;           // statistics part
  // An index on expressions: its plain keys and every column the expressions read; empty
  // for an index on columns only.
  std::vector<int> expression_attnums;
};

// An object the typed records above do not cover, as (kind, name, definition) (definitions
// part): schemas, functions, triggers, types, policies, extensions, comments.
struct SchemaObject {
  std::string kind;       // "table", "column", "constraint", "index", "type", ...
  std::string name;       // "public.users.email_verified"
  std::string definition; // normalised: compared as a whole
};

struct LiveSchema {
  std::vector<LiveRelation> relations; // by schema and name
  std::vector<LiveConstraint> constraints;
  std::vector<LiveIndex> indexes;
  std::vector<SchemaObject> other_objects;
  // Statistics part: the server and the settings a size sweep scales its memory with.
  std::string server_version;
  std::string collected_at; // ISO 8601 UTC
  std::vector<std::pair<std::string, std::string>> settings;
};

} // namespace pgdrydock
