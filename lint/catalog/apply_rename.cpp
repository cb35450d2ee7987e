// ALTER ... RENAME for the Applier: relations, types, columns, constraints, triggers and
// policies, with every reference to the old name.
#include <algorithm>

#include "lint/catalog/applier.h"
#include "lint/catalog/expression.h"

namespace pgdrydock::catalog_apply {

// ---- RENAME ---------------------------------------------------------------------------------

void Applier::rename_relation(const std::string& old_key, const std::string& new_name) {
  auto [schema, old_name] = split_key(old_key);
  std::string new_key = schema + "." + new_name;
  if (const CatalogTable* found = c.tables.get(old_key)) {
    CatalogTable t = *found;
    c.tables.erase(old_key);
    t.name = new_name;
    c.tables[new_key] = std::move(t);
    for (const auto& ik : indexes_of(old_key))
      c.indexes.edit(ik).table = new_key;
    edit_tables_where(
        [&](const CatalogTable& o) {
          return o.partition_of == old_key ||
                 std::any_of(o.constraints.begin(), o.constraints.end(),
                             [&](const auto& k) { return k.fk_table == old_key; });
        },
        [&](CatalogTable& o) {
          for (auto& k : o.constraints)
            if (k.fk_table == old_key)
              k.fk_table = new_key;
          if (o.partition_of == old_key)
            o.partition_of = new_key;
        });
    edit_sequences_where(
        [&](const CatalogSequence& s) { return s.owned_by.rfind(old_key + ".", 0) == 0; },
        [&](CatalogSequence& s) { s.owned_by = new_key + s.owned_by.substr(old_key.size()); });
    return;
  }
  if (const CatalogIndex* found = c.indexes.get(old_key)) {
    CatalogIndex idx = *found;
    c.indexes.erase(old_key);
    idx.name = new_name;
    if (!idx.constraint.empty())
      if (auto* t = c.table(idx.table))
        if (auto* k = t->constraint(idx.constraint)) {
          k->name = new_name;
          k->index = new_key;
          idx.constraint = new_name;
        }
    c.indexes[new_key] = std::move(idx);
    return;
  }
  if (c.sequences.move_key(old_key, new_key))
    return;
  c.views.move_key(old_key, new_key);
}

void Applier::rename(const Node& b) {
  std::string_view type = b.str("renameType");
  std::string new_name(b.str("newname"));
  std::string sub(b.str("subname"));
  if (type == "OBJECT_SCHEMA") {
    return; // rare in migrations; objects would move (not modelled)
  }
  if (type == "OBJECT_TYPE" || type == "OBJECT_DOMAIN") {
    auto [s, n] = name_parts(b["object"].as("List").names("items"));
    std::string key = c.resolve_type(s, n);
    if (key.empty())
      return;
    std::string new_key = split_key(key).first + "." + new_name;
    c.enums.move_key(key, new_key);
    c.domains.move_key(key, new_key);
    auto uses = [&](const CatalogColumn& col) { return col.type == key || col.type == key + "[]"; };
    edit_tables_where(
        [&](const CatalogTable& t) {
          return std::any_of(t.columns.begin(), t.columns.end(), uses);
        },
        [&](CatalogTable& t) {
          for (auto& col : t.columns) {
            if (col.type == key)
              col.type = new_key;
            else if (col.type == key + "[]")
              col.type = new_key + "[]";
          }
        });
    return;
  }
  Node rv = b["relation"];
  if (!rv)
    return;
  auto [s, n] = range_var_parts(rv);
  std::string key = c.resolve_relation(s, n);
  if (key.empty())
    return;
  if (type == "OBJECT_TABLE" || type == "OBJECT_INDEX" || type == "OBJECT_SEQUENCE" ||
      type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW" || type == "OBJECT_FOREIGN_TABLE") {
    rename_relation(key, new_name);
    return;
  }
  CatalogTable* t = c.table(key);
  if (!t)
    return;
  ChangingTable changing(c, key, *t);
  if (type == "OBJECT_COLUMN") {
    t->rename_column(sub, new_name);
    auto swap_name = [&](std::vector<std::string>& v) {
      for (auto& x : v)
        if (x == sub)
          x = new_name;
    };
    for (auto& k : t->constraints) {
      swap_name(k.columns);
      k.definition = rename_in_expression(k.definition, sub, new_name);
    }
    for (auto& col : t->columns)
      if (col.generated)
        col.generation_expr = rename_in_expression(col.generation_expr, sub, new_name);
    for (const auto& ik : indexes_of(key)) {
      CatalogIndex& idx = c.indexes.edit(ik);
      swap_name(idx.keys);
      for (auto& k : idx.keys)
        if (is_expression_key(k))
          k = rename_in_expression(k, sub, new_name);
      idx.predicate = rename_in_expression(idx.predicate, sub, new_name);
    }
    edit_tables_where(
        [&](const CatalogTable& o) {
          return std::any_of(o.constraints.begin(), o.constraints.end(),
                             [&](const auto& k) { return k.fk_table == key; });
        },
        [&](CatalogTable& o) {
          for (auto& k : o.constraints)
            if (k.fk_table == key)
              swap_name(k.fk_columns);
        });
    edit_sequences_where(
        [&](const CatalogSequence& seq) { return seq.owned_by == key + "." + sub; },
        [&](CatalogSequence& seq) { seq.owned_by = key + "." + new_name; });
  } else if (type == "OBJECT_TABCONSTRAINT") {
    if (auto* k = t->constraint(sub)) {
      k->name = new_name;
      if (!k->index.empty()) {
        std::string new_index = t->schema + "." + new_name;
        if (const CatalogIndex* found = c.indexes.get(k->index)) {
          CatalogIndex idx = *found;
          c.indexes.erase(k->index);
          idx.name = new_name;
          idx.constraint = new_name;
          c.indexes[new_index] = std::move(idx);
        }
        k->index = new_index;
      }
    }
  } else if (type == "OBJECT_TRIGGER") {
    if (t->triggers.erase(sub))
      t->triggers.insert(new_name);
  } else if (type == "OBJECT_POLICY") {
    if (t->policies.erase(sub))
      t->policies.insert(new_name);
  }
}

} // namespace pgdrydock::catalog_apply
