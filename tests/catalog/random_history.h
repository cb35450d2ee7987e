// A generator of random but valid migrations (seeded, deterministic): each one is chosen from
// the schema as the catalog model sees it, so a model bug shows up either as a statement the
// server rejects or as a catalog mismatch. Header-only so bench/catalog_replay.cpp shares it.
#pragma once

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "lint/catalog/catalog.h"

namespace pgdrydock::testing {

class RandomHistory {
public:
  explicit RandomHistory(unsigned seed) : rng_(seed) {}

  // One migration (one statement, ending in ";\n") valid on the schema `c` describes.
  std::string next(const Catalog& c) {
    for (;;) {
      std::string st = statement(c);
      if (!st.empty())
        return st + ";\n";
    }
  }

private:
  std::mt19937 rng_;
  int counter_ = 0;

  int pick(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }
  bool chance(int percent) { return pick(100) < percent; }
  template <typename T> const T& one(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(pick(static_cast<int>(v.size())))];
  }

  std::string fresh(const std::string& base) { return base + std::to_string(++counter_); }

  std::vector<std::string> user_tables(const Catalog& c) {
    std::vector<std::string> out;
    for (const auto& [k, t] : c.tables)
      out.push_back(k);
    return out;
  }

  std::string type_for_new_column(const Catalog& c) {
    std::vector<std::string> types = {
        "integer",     "bigint", "text",  "varchar(20)", "varchar(100)", "numeric(10,2)", "boolean",
        "timestamptz", "uuid",   "jsonb", "smallint",    "date",         "text[]"};
    for (const auto& [k, labels] : c.enums)
      types.push_back(k);
    return one(types);
  }

  std::string default_for(const std::string& type) {
    if (type == "integer" || type == "bigint" || type == "smallint")
      return std::to_string(pick(100));
    if (type == "text" || type.rfind("varchar", 0) == 0)
      return "'v" + std::to_string(pick(10)) + "'";
    if (type == "numeric(10,2)")
      return "1.5";
    if (type == "boolean")
      return chance(50) ? "true" : "false";
    if (type == "timestamptz")
      return "now()";
    if (type == "uuid")
      return "gen_random_uuid()";
    if (type == "jsonb")
      return "'{}'";
    if (type == "date")
      return "CURRENT_DATE";
    return {};
  }

  std::string column_def(const Catalog& c, const std::string& name) {
    std::string type = type_for_new_column(c);
    std::string def = name + " " + type;
    std::string value = default_for(type);
    if (!value.empty() && chance(40)) {
      def += " DEFAULT " + value;
      if (chance(50))
        def += " NOT NULL";
    } else if (chance(15)) {
      def += " NOT NULL";
    }
    return def;
  }

  std::string table_name() {
    static const std::vector<std::string> words = {"orders",   "users",  "items",
                                                   "accounts", "events", "payments"};
    if (chance(5)) // long names exercise the 63-byte truncation of implicit names
      return fresh("a_long_table_name_to_push_implicit_names_past_63_bytes_");
    return fresh(one(words) + "_");
  }

  std::string create_table(const Catalog& c) {
    std::string name = table_name();
    std::vector<std::string> parts;
    int idkind = pick(3);
    parts.push_back(idkind == 0   ? "id bigserial PRIMARY KEY"
                    : idkind == 1 ? "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
                                  : "id bigint PRIMARY KEY");
    int columns = 1 + pick(4);
    for (int i = 0; i < columns; ++i)
      parts.push_back(column_def(c, "c" + std::to_string(i)));
    auto tables = user_tables(c);
    if (!tables.empty() && chance(50)) {
      std::string target = one(tables);
      if (has_bigint_pk(c, target))
        parts.push_back("ref_id bigint REFERENCES " + target + " (id)" +
                        (chance(30) ? " ON DELETE CASCADE" : ""));
    }
    if (chance(30))
      parts.push_back("code text UNIQUE");
    if (chance(30))
      parts.push_back("qty integer CHECK (qty > 0)");
    if (chance(20))
      parts.push_back("CHECK (id > 0)");
    std::string sql = "CREATE TABLE " + name + " (";
    for (std::size_t i = 0; i < parts.size(); ++i)
      sql += (i ? ", " : "") + parts[i];
    return sql + ")";
  }

  static bool has_bigint_pk(const Catalog& c, const std::string& table) {
    const CatalogTable* t = c.table(table);
    if (!t)
      return false;
    const CatalogColumn* id = t->column("id");
    if (!id || id->type != "int8")
      return false;
    for (const auto& k : t->constraints)
      if (k.kind == ConstraintKind::PrimaryKey && k.columns == std::vector<std::string>{"id"})
        return true;
    return false;
  }

  std::vector<const CatalogColumn*> other_columns(const CatalogTable& t) {
    std::vector<const CatalogColumn*> out;
    for (const auto& col : t.columns)
      if (col.name != "id")
        out.push_back(&col);
    return out;
  }

  std::string statement(const Catalog& c) {
    auto tables = user_tables(c);
    if (tables.size() < 3 || chance(12))
      return create_table(c);
    const std::string key = one(tables);
    const CatalogTable& t = *c.table(key);
    auto cols = other_columns(t);
    switch (pick(16)) {
    case 0:
      return "ALTER TABLE " + key + " ADD COLUMN " + column_def(c, fresh("col"));
    case 1:
      if (cols.empty())
        return {};
      return "ALTER TABLE " + key + " DROP COLUMN " + one(cols)->name + " CASCADE";
    case 2:
      if (cols.empty())
        return {};
      return "ALTER TABLE " + key + " RENAME COLUMN " + one(cols)->name + " TO " + fresh("renamed");
    case 3:
      if (chance(70) || tables.size() < 6)
        return {};
      return "ALTER TABLE " + key + " RENAME TO " + table_name();
    case 4: { // widen a type
      for (const auto* col : cols) {
        if (col->type == "varchar(20)")
          return "ALTER TABLE " + key + " ALTER COLUMN " + col->name + " TYPE varchar(50)";
        if (col->type == "int4")
          return "ALTER TABLE " + key + " ALTER COLUMN " + col->name + " TYPE bigint";
        if (col->type == "numeric(10,2)")
          return "ALTER TABLE " + key + " ALTER COLUMN " + col->name + " TYPE numeric(12,2)";
        if (col->type == "varchar(100)")
          return "ALTER TABLE " + key + " ALTER COLUMN " + col->name + " TYPE text";
      }
      return {};
    }
    case 5:
      if (cols.empty())
        return {};
      {
        const CatalogColumn* col = one(cols);
        if (col->identity || col->generated)
          return {};
        return "ALTER TABLE " + key + " ALTER COLUMN " + col->name +
               (col->not_null ? " DROP NOT NULL" : " SET NOT NULL");
      }
    case 6:
      if (cols.empty())
        return {};
      {
        const CatalogColumn* col = one(cols);
        std::string type = col->type == "int4"   ? "integer"
                           : col->type == "int8" ? "bigint"
                           : col->type == "bool" ? "boolean"
                                                 : col->type;
        std::string value = default_for(type);
        if (value.empty() || col->default_expr)
          return "ALTER TABLE " + key + " ALTER COLUMN " + col->name + " DROP DEFAULT";
        return "ALTER TABLE " + key + " ALTER COLUMN " + col->name + " SET DEFAULT " + value;
      }
    case 7: // a CHECK (c IS NOT NULL), NOT VALID or not, named or not
      if (cols.empty())
        return {};
      return "ALTER TABLE " + key + " ADD " +
             (chance(50) ? "CONSTRAINT " + fresh("chk") + " " : std::string()) + "CHECK (" +
             one(cols)->name + " IS NOT NULL)" + (chance(50) ? " NOT VALID" : "");
    case 8:
      for (const auto& k : t.constraints)
        if (!k.validated)
          return "ALTER TABLE " + key + " VALIDATE CONSTRAINT " + k.name;
      return {};
    case 9:
      for (const auto& k : t.constraints)
        if (k.kind != ConstraintKind::PrimaryKey && chance(50))
          return "ALTER TABLE " + key + " DROP CONSTRAINT " + k.name;
      return {};
    case 10: { // an index, named or not, on one or two columns or an expression
      std::vector<std::string> keys;
      std::string text_col;
      for (const auto* col : cols)
        if (col->type == "text")
          text_col = col->name;
      if (!text_col.empty() && chance(25))
        keys.push_back("lower(" + text_col + ")");
      else if (!cols.empty())
        keys.push_back(one(cols)->name);
      else
        keys.push_back("id");
      if (!cols.empty() && chance(30) && keys[0] != cols.back()->name)
        keys.push_back(cols.back()->name);
      std::string sql = std::string("CREATE ") + (chance(20) ? "UNIQUE " : "") + "INDEX " +
                        (chance(50) ? fresh("idx") + " " : std::string()) + "ON " + key + " (";
      for (std::size_t i = 0; i < keys.size(); ++i)
        sql += (i ? ", " : "") + keys[i];
      sql += ")";
      if (chance(20))
        sql += " WHERE " + keys[0].substr(keys[0].find('(') == std::string::npos ? 0 : 0) +
               (keys[0].find('(') == std::string::npos ? " IS NOT NULL" : " <> ''");
      return sql;
    }
    case 11:
      for (const auto& [ik, idx] : c.indexes)
        if (idx.table == key && idx.constraint.empty())
          return "DROP INDEX " + ik;
      return {};
    case 12: { // a foreign key (with its column) to a table with a bigint key
      std::string target = one(tables);
      if (!has_bigint_pk(c, target))
        return {};
      std::string col = fresh("fk");
      return "ALTER TABLE " + key + " ADD COLUMN " + col + " bigint, ADD " +
             (chance(50) ? "CONSTRAINT " + fresh("fkc") + " " : std::string()) + "FOREIGN KEY (" +
             col + ") REFERENCES " + target + " (id)" + (chance(40) ? " NOT VALID" : "");
    }
    case 13:
      if (chance(50) || c.enums.size() > 3) {
        if (c.enums.empty())
          return {};
        return "ALTER TYPE " + c.enums.begin()->first + " ADD VALUE '" + fresh("label") + "'";
      }
      return "CREATE TYPE " + fresh("kind") + " AS ENUM ('a', 'b', 'c')";
    case 14:
      if (tables.size() < 6)
        return {};
      return "DROP TABLE " + key + " CASCADE";
    case 15:
      if (cols.empty())
        return {};
      return "ALTER TABLE " + key + " ADD " +
             (chance(50) ? "CONSTRAINT " + fresh("uq") + " " : std::string()) + "UNIQUE (" +
             one(cols)->name + ")";
    }
    return {};
  }
};

} // namespace pgdrydock::testing
