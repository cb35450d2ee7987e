#include "simulate/check/schema_snapshot.h"

#include <fmt/format.h>

#include "simulate/check/difference_text.h"
#include "simulate/sandbox/pg_session.h"

namespace pgdrydock {

namespace {

// Each query yields (kind, name, definition). Names are schema-qualified; definitions use the
// catalog's own deparsers (pg_get_constraintdef, pg_get_indexdef, ...) so spelling is stable.
std::vector<std::string> snapshot_queries() {
  const std::string user = fmt::format("n.nspname {}", kUserSchemaFilter);
  return {
      fmt::format("SELECT 'schema', n.nspname, '' FROM pg_namespace n WHERE {} AND n.nspname "
                  "NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'",
                  user),
      fmt::format(
          "SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' "
          "WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' ELSE 'table' END, "
          "n.nspname || '.' || c.relname, "
          "concat_ws(' ', 'kind=' || c.relkind::text, 'persistence=' || c.relpersistence::text, "
          "CASE WHEN c.relrowsecurity THEN 'row-level-security' END, "
          "CASE WHEN c.relforcerowsecurity THEN 'force-row-level-security' END, "
          "CASE WHEN c.relkind IN ('v','m') THEN pg_get_viewdef(c.oid) END, "
          "CASE WHEN c.relkind = 'S' THEN (SELECT concat_ws(' ', s.seqtypid::regtype, "
          "s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcycle) FROM pg_sequence s "
          "WHERE s.seqrelid = c.oid) END) "
          "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
          "WHERE {} AND c.relkind IN ('r','p','v','m','S','f')",
          user),
      fmt::format("SELECT 'column', n.nspname || '.' || c.relname || '.' || a.attname, "
                  "concat_ws(' ', format_type(a.atttypid, a.atttypmod), "
                  "CASE WHEN a.attnotnull THEN 'not null' END, "
                  "'default ' || pg_get_expr(d.adbin, d.adrelid), "
                  "CASE a.attidentity WHEN 'a' THEN 'identity always' WHEN 'd' THEN 'identity "
                  "by default' END, CASE a.attgenerated WHEN 's' THEN 'generated stored' END, "
                  "CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation "
                  "THEN 'collate ' || a.attcollation::regcollation::text END) "
                  "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                  "JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "JOIN pg_type t ON t.oid = a.atttypid "
                  "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                  "WHERE {} AND c.relkind IN ('r','p','v','m','f') AND a.attnum > 0 "
                  "AND NOT a.attisdropped",
                  user),
      fmt::format("SELECT 'constraint', n.nspname || '.' || coalesce(c.relname || '.', '') || "
                  "k.conname, pg_get_constraintdef(k.oid) || CASE WHEN k.convalidated THEN '' "
                  "ELSE ' (NOT VALID)' END "
                  "FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace "
                  "LEFT JOIN pg_class c ON c.oid = k.conrelid WHERE {}",
                  user),
      fmt::format("SELECT 'index', n.nspname || '.' || c.relname, pg_get_indexdef(i.indexrelid) "
                  "|| CASE WHEN i.indisvalid THEN '' ELSE ' (INVALID)' END "
                  "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                  "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {}",
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
}

// Objects belonging to a table read as "still exists"; free-standing ones as "left behind".
bool is_part_of_table(const std::string& kind) {
  return kind == "column" || kind == "constraint" || kind == "index" || kind == "trigger" ||
         kind == "policy" || kind == "comment";
}

} // namespace

SchemaSnapshot take_schema_snapshot(PgSession& session) {
  SchemaSnapshot snapshot;
  for (const auto& sql : snapshot_queries()) {
    PgRows rows = session.query(sql);
    for (std::size_t i = 0; i < rows.rows.size(); ++i) {
      SchemaObject object{rows.value(i, 0), rows.value(i, 1), rows.value(i, 2)};
      snapshot[object.kind + " " + object.name] = std::move(object);
    }
  }
  return snapshot;
}

std::vector<CatalogDifference> diff_snapshots(const SchemaSnapshot& before,
                                              const SchemaSnapshot& after) {
  using Change = CatalogDifference::Change;
  std::vector<CatalogDifference> out;
  const auto record = [&out](const SchemaObject& o, Change change, std::string was,
                             std::string now) {
    out.push_back({o.kind, o.name, change, std::move(was), std::move(now),
                   change == Change::Changed ? "definition" : ""});
  };
  // After first: what the downgrade left or changed reads first, then what it did not restore.
  diff_keyed(
      after, before,
      [&](const std::string&, const SchemaObject& now) {
        record(now, Change::Added, {}, now.definition);
      },
      [&](const std::string&, const SchemaObject& now, const SchemaObject& was) {
        if (was.definition != now.definition)
          record(now, Change::Changed, was.definition, now.definition);
      },
      [&](const std::string&, const SchemaObject& was) {
        record(was, Change::Removed, was.definition, {});
      });
  return out;
}

std::string describe_after_downgrade(const CatalogDifference& d) {
  switch (d.change) {
  case CatalogDifference::Change::Added:
    return fmt::format("{} {} {} after downgrade", d.kind, d.name,
                       is_part_of_table(d.kind) ? "still exists" : "left behind");
  case CatalogDifference::Change::Changed: {
    const auto [was, now] = differing_parts(d.was, d.now);
    return fmt::format("{} {} changed after downgrade: was \"{}\", now \"{}\"", d.kind, d.name, was,
                       now);
  }
  case CatalogDifference::Change::Removed:
    return fmt::format("{} {} missing after downgrade (dropped by up or down, not restored)",
                       d.kind, d.name);
  }
  return {};
}

std::vector<std::string> describe_schema_diff(const SchemaSnapshot& before,
                                              const SchemaSnapshot& after) {
  std::vector<std::string> out;
  for (const auto& d : diff_snapshots(before, after))
    out.push_back(describe_after_downgrade(d));
  return out;
}

std::vector<std::string> find_leftovers(PgSession& session) {
  std::vector<std::string> out;
  PgRows rows = session.query(fmt::format(
      "SELECT 'index ' || n.nspname || '.' || c.relname || ' (INVALID)' FROM pg_index i "
      "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE NOT i.indisvalid AND n.nspname {0} "
      "UNION ALL SELECT 'constraint ' || n.nspname || '.' || c.relname || '.' || k.conname || "
      "' (NOT VALID)' FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT k.convalidated AND n.nspname {0} "
      "ORDER BY 1",
      kUserSchemaFilter));
  for (std::size_t i = 0; i < rows.rows.size(); ++i)
    out.push_back(rows.value(i, 0));
  return out;
}

} // namespace pgdrydock
