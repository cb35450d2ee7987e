#include "simulate/snapshot/snapshot_queries.h"

#include <fmt/format.h>

#include "simulate/sandbox/catalog_scope.h"
#include "simulate/snapshot/snapshot_reader.h"

namespace pgdrydock::snapshot_sql {

namespace {

// Schemas holding user objects (objects with no relation to join for kUserRelationCondition).
std::string user_schema() {
  return fmt::format("n.nspname {}", kUserSchemaFilter);
}

} // namespace

std::string relations() {
  return fmt::format(R"SQL(
SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.relispartition,
       c.relrowsecurity, c.relforcerowsecurity,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END,
       CASE WHEN c.relkind = 'S' THEN (SELECT concat_ws(' ', s.seqtypid::regtype, s.seqstart,
         s.seqincrement, s.seqmin, s.seqmax, s.seqcycle) FROM pg_sequence s
         WHERE s.seqrelid = c.oid) END,
       c.reltuples::float8, c.relpages::bigint
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND {} AND n.nspname <> '{}'
ORDER BY n.nspname, c.relname
)SQL",
                     kUserRelationCondition, kPrivateSchema);
}

// pg_get_serial_sequence costs a name lookup per column, so only the seeder, which needs it,
// asks for it. Types are resolved apart (types()), once per type rather than once per column.
std::string columns(const std::string& oids, bool owned_sequences) {
  return fmt::format(R"SQL(
SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
         THEN a.attcollation::regcollation::text END,
       {}, a.atttypid, a.atttypmod
FROM pg_attribute a
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = ANY('{}'::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
)SQL",
                     owned_sequences
                         ? "coalesce(pg_get_serial_sequence(a.attrelid::regclass::text, "
                           "a.attname), '')"
                         : "''",
                     oids);
}

// A domain is resolved to its base type (one level is what schemas use in practice); an array
// type reports its element type.
std::string types(const std::string& oids) {
  return fmt::format(R"SQL(
SELECT t.oid, t.typtype = 'd', t.typtype = 'd' AND t.typnotnull, t.typtypmod, bt.oid,
       bt.typname, btn.nspname, bt.typtype, coalesce(et.oid, 0), coalesce(et.typname, ''),
       coalesce(etn.nspname, ''), coalesce(et.typtype, 'b')
FROM pg_type t
JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
JOIN pg_namespace btn ON btn.oid = bt.typnamespace
LEFT JOIN pg_type et ON et.oid = bt.typelem AND bt.typcategory = 'A'
LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace
WHERE t.oid = ANY('{}'::oid[])
)SQL",
                     oids);
}

// Table constraints and domain constraints of the user's schemas.
std::string constraints() {
  return fmt::format(R"SQL(
SELECT n.nspname, c.relname, k.conrelid, k.contypid, k.conname, k.contype,
       coalesce(k.conkey::int[], '{{}}'), k.confrelid, coalesce(k.confkey::int[], '{{}}'),
       pg_get_constraintdef(k.oid), k.convalidated
FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace
LEFT JOIN pg_class c ON c.oid = k.conrelid
WHERE {}
ORDER BY k.conrelid, k.contypid, k.conname
)SQL",
                     user_schema());
}

// "Owned by a constraint": the index a PRIMARY KEY, UNIQUE or EXCLUDE constraint built (a
// foreign key's conindid names the referenced index, which it does not own). The last column,
// for an index on expressions (lower(name)): its plain keys plus every column the expressions
// read (the Var nodes of pg_index.indexprs).
std::string indexes(const std::string& oids, bool sizes) {
  return fmt::format(R"SQL(
SELECT n.nspname, ic.relname, i.indrelid, pg_get_indexdef(i.indexrelid), i.indisunique,
       i.indisprimary, i.indisvalid,
       EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid
               AND k.contype IN ('p', 'u', 'x')),
       CASE WHEN i.indexprs IS NULL THEN i.indkey::int2[]::int[] ELSE '{{}}' END, {},
       CASE WHEN i.indexprs IS NULL THEN '{{}}'::int[]
       ELSE ARRAY(SELECT DISTINCT k FROM (
              SELECT unnest(i.indkey::int2[]::int[]) AS k
              UNION SELECT m[1]::int FROM regexp_matches(i.indexprs::text, ':varattno (\d+)', 'g') m
            ) keys WHERE k > 0 ORDER BY k) END
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
WHERE i.indrelid = ANY('{}'::oid[])
ORDER BY i.indrelid, ic.relname
)SQL",
                     sizes ? "pg_relation_size(i.indexrelid)::bigint" : "0", oids);
}

std::string enum_labels() {
  return "SELECT enumtypid, enumlabel FROM pg_enum ORDER BY enumtypid, enumsortorder";
}

// Definitions use the catalog's own deparsers (pg_get_triggerdef, ...) so spelling is stable.
// One query (UNION ALL of one SELECT per kind): each round trip costs more than these reads.
std::string other_objects() {
  const std::string user = user_schema();
  const std::vector<std::string> kinds = {
      fmt::format("SELECT 'schema', n.nspname, '' FROM pg_namespace n WHERE {} AND n.nspname "
                  "NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'",
                  user),
      fmt::format("SELECT 'function', n.nspname || '.' || p.proname || '(' || "
                  "pg_get_function_identity_arguments(p.oid) || ')', concat_ws(' ', p.prokind, "
                  "'returns ' || pg_get_function_result(p.oid), l.lanname, p.provolatile, "
                  "p.prosecdef, 'body ' || md5(coalesce(p.prosrc, '')), p.proconfig::text) "
                  "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                  "JOIN pg_language l ON l.oid = p.prolang WHERE {} AND NOT EXISTS (SELECT 1 "
                  "FROM pg_depend dep WHERE dep.objid = p.oid AND dep.deptype = 'e')",
                  user),
      fmt::format("SELECT 'trigger', n.nspname || '.' || c.relname || '.' || t.tgname, "
                  "pg_get_triggerdef(t.oid) || CASE t.tgenabled WHEN 'D' THEN ' (disabled)' "
                  "ELSE '' END FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                  "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {} AND NOT t.tgisinternal",
                  user),
      fmt::format("SELECT 'type', n.nspname || '.' || t.typname, CASE t.typtype "
                  "WHEN 'e' THEN 'enum (' || (SELECT string_agg(quote_literal(e.enumlabel), ', ' "
                  "ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) || ')' "
                  "WHEN 'd' THEN 'domain ' || format_type(t.typbasetype, t.typtypmod) || "
                  "CASE WHEN t.typnotnull THEN ' not null' ELSE '' END "
                  "WHEN 'c' THEN 'composite' WHEN 'r' THEN 'range' ELSE t.typtype::text END "
                  "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                  "WHERE {} AND t.typtype IN ('e','d','c','r') AND (t.typtype <> 'c' OR "
                  "(SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c') "
                  "AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = t.oid AND "
                  "dep.deptype = 'e')",
                  user),
      fmt::format("SELECT 'policy', n.nspname || '.' || c.relname || '.' || p.polname, "
                  "concat_ws(' ', p.polcmd, CASE WHEN p.polpermissive THEN 'permissive' ELSE "
                  "'restrictive' END, 'to ' || (SELECT string_agg(CASE WHEN r = 0 THEN 'public' "
                  "ELSE r::regrole::text END, ',' ORDER BY 1) FROM unnest(p.polroles) r), "
                  "'using ' || pg_get_expr(p.polqual, p.polrelid), "
                  "'with check ' || pg_get_expr(p.polwithcheck, p.polrelid)) "
                  "FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid "
                  "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {}",
                  user),
      "SELECT 'extension', e.extname, e.extversion || ' in ' || e.extnamespace::regnamespace "
      "FROM pg_extension e WHERE e.extname <> 'plpgsql'",
      fmt::format("SELECT 'comment', pg_describe_object(d.classoid, d.objoid, d.objsubid), "
                  "d.description FROM pg_description d "
                  "WHERE d.classoid IN ('pg_class'::regclass, 'pg_type'::regclass, "
                  "'pg_proc'::regclass, 'pg_constraint'::regclass, 'pg_trigger'::regclass, "
                  "'pg_namespace'::regclass, 'pg_policy'::regclass) "
                  "AND d.objoid >= 16384 AND NOT EXISTS (SELECT 1 FROM pg_class c JOIN "
                  "pg_namespace n ON n.oid = c.relnamespace WHERE d.classoid = "
                  "'pg_class'::regclass AND c.oid = d.objoid AND NOT ({}))",
                  user),
  };
  std::string sql;
  for (const auto& select : kinds)
    sql.append(sql.empty() ? "" : "\nUNION ALL\n").append("(").append(select).append(")");
  return sql;
}

// A partitioned table has no storage of its own: its rows and bytes are its partitions'.
std::string sizes(const std::string& oids) {
  return fmt::format(R"SQL(
SELECT c.oid,
       CASE WHEN c.relkind = 'p' THEN
         (SELECT coalesce(sum(greatest(pc.reltuples, 0)), 0)::float8
          FROM pg_partition_tree(c.oid) t JOIN pg_class pc ON pc.oid = t.relid WHERE t.isleaf)
       ELSE c.reltuples::float8 END,
       CASE WHEN c.relkind = 'p' THEN
         (SELECT coalesce(sum(pc.relpages), 0)::bigint
          FROM pg_partition_tree(c.oid) t JOIN pg_class pc ON pc.oid = t.relid WHERE t.isleaf)
       ELSE c.relpages::bigint END,
       CASE WHEN c.relkind = 'p' THEN
         (SELECT coalesce(sum(pg_total_relation_size(t.relid)), 0)::bigint
          FROM pg_partition_tree(c.oid) t)
       ELSE pg_total_relation_size(c.oid) END,
       CASE WHEN c.relkind = 'p' THEN
         (SELECT coalesce(sum(pg_table_size(t.relid)), 0)::bigint FROM pg_partition_tree(c.oid) t)
       ELSE pg_table_size(c.oid) END,
       CASE WHEN c.relkind = 'p' THEN
         (SELECT coalesce(sum(pg_indexes_size(t.relid)), 0)::bigint
          FROM pg_partition_tree(c.oid) t)
       ELSE pg_indexes_size(c.oid) END
FROM pg_class c WHERE c.oid = ANY('{}'::oid[])
)SQL",
                     oids);
}

// Only the scalar columns of pg_stats: its value arrays (most_common_vals, histogram_bounds,
// most_common_elems) hold row data and are never selected. A partitioned table's statistics
// are the inherited ones; an ordinary table's the plain ones.
std::string column_statistics(const std::string& oids) {
  return fmt::format(R"SQL(
SELECT a.attrelid, a.attnum, s.null_frac::float8, s.avg_width::float8, s.n_distinct::float8,
       coalesce(s.correlation, 0)::float8
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid
JOIN LATERAL (
  SELECT ps.null_frac, ps.avg_width, ps.n_distinct, ps.correlation
  FROM pg_stats ps
  WHERE ps.schemaname = n.nspname AND ps.tablename = c.relname AND ps.attname = a.attname
  ORDER BY ps.inherited = (c.relkind = 'p') DESC
  LIMIT 1) s ON true
WHERE c.oid = ANY('{}'::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
)SQL",
                     oids);
}

// Sizes only (no row data): what a size sweep scales its memory with.
std::string settings() {
  return "SELECT name, current_setting(name) FROM pg_settings WHERE name IN "
         "('maintenance_work_mem', 'work_mem', 'shared_buffers', 'max_wal_size') ORDER BY name";
}

std::string server() {
  return "SELECT current_setting('server_version'), "
         "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
}

} // namespace pgdrydock::snapshot_sql
