#include "tests/catalog/server_catalog.h"

#include <algorithm>

#include "lint/catalog/expression.h"
#include "lint/effects/predict.h"
#include "simulate/sandbox/pg_session.h"

namespace pgdrydock::testing {
namespace {

constexpr const char* kUserSchemas =
    "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE "
    "'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'";

std::string unquote(std::string s) {
  std::erase(s, '"');
  return s;
}

// format_type() output -> the model's spelling.
std::string model_type(const std::string& formatted) {
  std::string base = formatted;
  bool array = base.size() > 2 && base.ends_with("[]");
  if (array)
    base.resize(base.size() - 2);
  if (base.find('.') != std::string::npos && base.find('(') == std::string::npos)
    return unquote(base) + (array ? "[]" : "");
  return canonical_type_name(formatted);
}

std::vector<std::string> pg_array(const std::string& text) {
  // {a,b,"c d"} -> a, b, c d
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      quoted = !quoted;
      continue;
    }
    if (c == ',' && !quoted) {
      out.push_back(cur);
      cur.clear();
      continue;
    }
    cur += c;
  }
  if (text.size() > 2)
    out.push_back(cur);
  return out;
}

} // namespace

Catalog read_server_catalog(PgSession& s) {
  // With an empty search_path every user object prints schema-qualified.
  s.exec("SET search_path = ''");
  Catalog c;
  c.schemas.clear();
  for (auto& row :
       s.query(std::string("SELECT nspname FROM pg_namespace n WHERE ") + kUserSchemas).rows)
    c.schemas.insert(*row[0]);

  auto tables = s.query(
      std::string("SELECT n.nspname, c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity "
                  "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE c.relkind IN ('r', 'p') AND ") +
      kUserSchemas);
  for (std::size_t i = 0; i < tables.rows.size(); ++i) {
    CatalogTable t;
    t.schema = tables.value(i, 0);
    t.name = tables.value(i, 1);
    t.partitioned = tables.value(i, 2) == "p";
    t.rls_enabled = tables.value(i, 3) == "t";
    t.rls_forced = tables.value(i, 4) == "t";
    c.tables[t.schema + "." + t.name] = t;
  }

  auto cols = s.query(
      std::string(
          "SELECT n.nspname || '.' || c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
          "a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated "
          "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
          "JOIN pg_namespace n ON n.oid = c.relnamespace "
          "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
          "WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND ") +
      kUserSchemas + " ORDER BY a.attnum");
  for (std::size_t i = 0; i < cols.rows.size(); ++i) {
    CatalogColumn col;
    col.name = cols.value(i, 1);
    col.type = model_type(cols.value(i, 2));
    col.not_null = cols.value(i, 3) == "t";
    std::string generated = cols.value(i, 6);
    if (!generated.empty()) {
      col.generated = true;
      col.generation_expr = normalize_expression_sql(cols.value(i, 4));
    } else if (cols.rows[i][4]) {
      col.default_expr = normalize_expression_sql(*cols.rows[i][4]);
    }
    std::string identity = cols.value(i, 5);
    col.identity = identity.empty() ? 0 : identity[0];
    c.tables[cols.value(i, 0)].columns.push_back(col);
  }

  auto cons = s.query(
      std::string(
          "SELECT n.nspname || '.' || c.relname, k.conname, k.contype, k.convalidated, "
          "ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(num, ord) "
          "  JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num ORDER BY u.ord), "
          "fn.nspname || '.' || f.relname, "
          "ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(num, ord) "
          "  JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num ORDER BY u.ord), "
          "k.confdeltype, k.confupdtype, "
          "CASE WHEN k.conindid <> 0 THEN (SELECT n2.nspname || '.' || i.relname FROM pg_class i "
          "  JOIN pg_namespace n2 ON n2.oid = i.relnamespace WHERE i.oid = k.conindid) END "
          "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
          "JOIN pg_namespace n ON n.oid = c.relnamespace "
          "LEFT JOIN pg_class f ON f.oid = k.confrelid LEFT JOIN pg_namespace fn ON fn.oid = "
          "f.relnamespace "
          "WHERE k.contype IN ('p', 'u', 'c', 'f', 'x') AND ") +
      kUserSchemas);
  for (std::size_t i = 0; i < cons.rows.size(); ++i) {
    CatalogConstraint k;
    k.name = cons.value(i, 1);
    char type = cons.value(i, 2)[0];
    k.kind = type == 'p'   ? ConstraintKind::PrimaryKey
             : type == 'u' ? ConstraintKind::Unique
             : type == 'c' ? ConstraintKind::Check
             : type == 'f' ? ConstraintKind::ForeignKey
                           : ConstraintKind::Exclusion;
    k.validated = cons.value(i, 3) == "t";
    k.columns = pg_array(cons.value(i, 4));
    if (k.kind == ConstraintKind::ForeignKey) {
      k.fk_table = cons.value(i, 5);
      k.fk_columns = pg_array(cons.value(i, 6));
      k.on_delete = cons.value(i, 7)[0];
      k.on_update = cons.value(i, 8)[0];
    } else if (k.kind != ConstraintKind::Check) {
      k.index = cons.value(i, 9);
    }
    c.tables[cons.value(i, 0)].constraints.push_back(k);
  }

  auto idx = s.query(
      std::string(
          "SELECT n.nspname, i.relname, tn.nspname || '.' || t.relname, x.indisunique, "
          "x.indisprimary, x.indisvalid, am.amname, "
          "ARRAY(SELECT CASE WHEN x.indkey[k] <> 0 THEN (SELECT a.attname FROM pg_attribute a "
          "  WHERE a.attrelid = x.indrelid AND a.attnum = x.indkey[k]) "
          "  ELSE pg_get_indexdef(x.indexrelid, k + 1, true) END "
          "  FROM generate_subscripts(x.indkey, 1) k ORDER BY k), "
          "pg_get_expr(x.indpred, x.indrelid), "
          "(SELECT conname FROM pg_constraint WHERE conindid = x.indexrelid AND contype IN "
          "('p','u','x')) "
          "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
          "JOIN pg_namespace n ON n.oid = i.relnamespace JOIN pg_class t ON t.oid = x.indrelid "
          "JOIN pg_namespace tn ON tn.oid = t.relnamespace JOIN pg_am am ON am.oid = i.relam "
          "WHERE ") +
      kUserSchemas);
  for (std::size_t r = 0; r < idx.rows.size(); ++r) {
    CatalogIndex index;
    index.name = idx.value(r, 1);
    index.table = idx.value(r, 2);
    index.unique = idx.value(r, 3) == "t";
    index.primary = idx.value(r, 4) == "t";
    index.valid = idx.value(r, 5) == "t";
    index.method = idx.value(r, 6);
    for (const auto& k : pg_array(idx.value(r, 7)))
      index.keys.push_back(k.find('(') == std::string::npos ? k : normalize_expression_sql(k));
    if (idx.rows[r][8])
      index.predicate = normalize_expression_sql(*idx.rows[r][8]);
    index.constraint = idx.value(r, 9);
    c.indexes[idx.value(r, 0) + "." + index.name] = index;
  }

  auto seqs = s.query(
      std::string(
          "SELECT n.nspname || '.' || c.relname, format_type(q.seqtypid, NULL), "
          "(SELECT tn.nspname || '.' || t.relname || '.' || a.attname FROM pg_depend d "
          "  JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace "
          "  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
          "  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', "
          "'i') "
          "  AND d.refobjsubid > 0 LIMIT 1) "
          "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
          "JOIN pg_sequence q ON q.seqrelid = c.oid WHERE ") +
      kUserSchemas);
  for (std::size_t i = 0; i < seqs.rows.size(); ++i) {
    CatalogSequence seq;
    seq.type = model_type(seqs.value(i, 1));
    seq.owned_by = seqs.value(i, 2);
    c.sequences[seqs.value(i, 0)] = seq;
  }

  auto enums = s.query(
      std::string(
          "SELECT n.nspname || '.' || t.typname, e.enumlabel FROM pg_enum e "
          "JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace "
          "WHERE ") +
      kUserSchemas + " ORDER BY t.oid, e.enumsortorder");
  for (std::size_t i = 0; i < enums.rows.size(); ++i)
    c.enums[enums.value(i, 0)].push_back(enums.value(i, 1));
  s.exec("RESET search_path");
  return c;
}

void normalize_for_comparison(Catalog& c) {
  for (const auto& key : c.tables.keys())
    for (auto& k : c.tables.edit(key).constraints) {
      if (k.kind == ConstraintKind::Check)
        std::sort(k.columns.begin(), k.columns.end());
      k.origin = {};
    }
}

} // namespace pgdrydock::testing
