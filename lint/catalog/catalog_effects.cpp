#include "lint/catalog/catalog_effects.h"

#include <algorithm>
#include <cctype>
#include <string>

#include <fmt/format.h>

namespace pgdrydock {
namespace {

// Adds `mode` on `relation`, merged with an existing entry the way EffectList does: the
// strongest lock wins (PostgreSQL holds every lock until the end of the transaction).
Effect& lock(std::vector<Effect>& effects, const std::string& relation, RelationKind kind,
             LockMode mode) {
  for (Effect& e : effects)
    if (e.relation == relation) {
      e.lock = std::max(e.lock, mode);
      return e;
    }
  Effect e;
  e.relation = relation;
  e.kind = kind;
  e.lock = mode;
  effects.push_back(std::move(e));
  return effects.back();
}

void add_note(Effect& e, const std::string& text) {
  if (e.note.find(text) != std::string::npos)
    return;
  if (!e.note.empty())
    e.note += "; ";
  e.note += text;
}

const Effect* find_effect(const std::vector<Effect>& effects, const std::string& relation) {
  for (const Effect& e : effects)
    if (e.relation == relation)
      return &e;
  return nullptr;
}

// A table the model really knows (not one it made up for an ALTER it could not place).
const CatalogTable* known_table(const Catalog& catalog, const std::string& key) {
  const CatalogTable* t = key.empty() ? nullptr : catalog.table(key);
  return t && !t->uncertain ? t : nullptr;
}

std::string resolve_range_var(const Catalog& catalog, const Node& range_var) {
  return catalog.resolve_relation(range_var.str("schemaname"), range_var.str("relname"));
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// `column` appears as a whole identifier in an index expression or predicate.
bool mentions_identifier(const std::string& text, const std::string& column) {
  auto ident = [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '$';
  };
  for (std::size_t at = text.find(column); at != std::string::npos;
       at = text.find(column, at + 1)) {
    bool starts = at == 0 || !ident(text[at - 1]);
    std::size_t end = at + column.size();
    if (starts && (end == text.size() || !ident(text[end])))
      return true;
  }
  return false;
}

bool index_uses_column(const CatalogIndex& index, const std::string& column) {
  for (const auto& key : index.keys)
    if (key == column || mentions_identifier(key, column))
      return true;
  return mentions_identifier(index.predicate, column);
}

// The partitions of `parent` at any depth, in a stable order.
void partitions_of(const Catalog& catalog, const std::string& parent,
                   std::vector<std::string>& out) {
  for (const auto& key : catalog.lookups().partitions_of(parent)) {
    if (!contains(out, key)) {
      out.push_back(key);
      partitions_of(catalog, key, out);
    }
  }
}

// PostgreSQL recurses the parent's operation to every partition, taking the same lock on each.
void spread_to_partitions(const Catalog& catalog, const std::string& parent,
                          std::vector<Effect>& effects) {
  const CatalogTable* t = known_table(catalog, parent);
  const Effect* base = find_effect(effects, parent);
  if (!t || !t->partitioned || !base)
    return;
  Effect copy = *base;
  std::vector<std::string> parts;
  partitions_of(catalog, parent, parts);
  for (const auto& part : parts) {
    Effect& e = lock(effects, part, RelationKind::Table, copy.lock);
    e.rewrite = e.rewrite || copy.rewrite;
    e.scan = e.scan || copy.scan;
    add_note(e, fmt::format("partition of {}: the operation recurses to it", display_key(parent)));
  }
}

void column_type_change(const Catalog& catalog, const std::string& table_key,
                        const CatalogTable& table, const std::string& column,
                        std::vector<Effect>& effects) {
  const Effect* base = find_effect(effects, table_key);
  bool rewrite = base && base->rewrite;
  auto [schema, unused] = split_key(table_key);
  // A rewrite rebuilds every index of the table (the server locks each ACCESS EXCLUSIVE): those
  // on the column are re-created, the others rebuilt on the new heap. A binary-coercible change
  // keeps them all.
  if (rewrite)
    for (const auto& key : catalog.lookups().indexes_of(table_key)) {
      const CatalogIndex* found = catalog.indexes.get(key);
      if (!found)
        continue;
      const CatalogIndex& index = *found;
      Effect& e = lock(effects, key, RelationKind::Index, LockMode::AccessExclusive);
      e.rewrite = true;
      add_note(e, index_uses_column(index, column)
                      ? fmt::format("re-created: it indexes {}, whose type changes", column)
                      : std::string("rebuilt with the rewritten table"));
    }
  // Foreign keys of other tables that reference this column are dropped and re-created.
  for (const auto& key : catalog.lookups().referencing(table_key)) {
    const CatalogTable* referencing = catalog.tables.get(key);
    if (key == table_key || !referencing)
      continue;
    const CatalogTable& other = *referencing;
    for (const auto& c : other.constraints) {
      if (c.kind != ConstraintKind::ForeignKey || c.fk_table != table_key ||
          !contains(c.fk_columns, column))
        continue;
      Effect& e = lock(effects, key, RelationKind::Table, LockMode::AccessExclusive);
      e.scan = e.scan || rewrite;
      add_note(e, fmt::format("foreign key {} references {}.{}: it is rebuilt{}", c.name,
                              display_key(table_key), column,
                              rewrite ? " and re-validated (reads the whole table)" : ""));
    }
  }
  // A foreign key on this column is dropped and re-created: dropping its triggers on the table
  // it references locks that table ACCESS EXCLUSIVE (seen on PostgreSQL 15).
  for (const auto& c : table.constraints) {
    if (c.kind != ConstraintKind::ForeignKey || c.fk_table == table_key ||
        !contains(c.columns, column) || !known_table(catalog, c.fk_table))
      continue;
    Effect& e = lock(effects, c.fk_table, RelationKind::Table, LockMode::AccessExclusive);
    add_note(e, fmt::format("foreign key {} on {}.{} is re-created", c.name, display_key(table_key),
                            column));
  }
}

// Dropping a foreign key removes its triggers on the referenced table, which PostgreSQL locks
// ACCESS EXCLUSIVE for that.
void foreign_key_dropped(const Catalog& catalog, const std::string& table_key,
                         const CatalogConstraint& fk, std::vector<Effect>& effects) {
  if (fk.fk_table == table_key || !known_table(catalog, fk.fk_table))
    return;
  Effect& e = lock(effects, fk.fk_table, RelationKind::Table, LockMode::AccessExclusive);
  add_note(e, fmt::format("dropping foreign key {} of {} removes its triggers here", fk.name,
                          display_key(table_key)));
}

void alter_table(const Node& stmt, const Catalog& catalog, std::vector<Effect>& effects) {
  std::string key = resolve_range_var(catalog, stmt["relation"].body());
  const CatalogTable* table = known_table(catalog, key);
  if (!table)
    return;
  bool partition_command = false;
  for (const Node& item : stmt.list("cmds")) {
    Node cmd = item.as("AlterTableCmd");
    std::string_view subtype = cmd.str("subtype");
    std::string name(cmd.str("name"));
    if (subtype == "AT_AlterColumnType") {
      column_type_change(catalog, key, *table, name, effects);
    } else if (subtype == "AT_DropConstraint") {
      if (const CatalogConstraint* c = table->constraint(name);
          c && c->kind == ConstraintKind::ForeignKey)
        foreign_key_dropped(catalog, key, *c, effects);
    } else if (subtype == "AT_DropColumn") {
      for (const auto& c : table->constraints)
        if (c.kind == ConstraintKind::ForeignKey && contains(c.columns, name))
          foreign_key_dropped(catalog, key, c, effects);
    } else if (subtype == "AT_AttachPartition" || subtype == "AT_DetachPartition" ||
               subtype == "AT_DetachPartitionFinalize") {
      partition_command = true; // concerns the one partition named, not all of them
    }
  }
  // RangeVar.inh is false (absent from the JSON) for ALTER TABLE ONLY.
  if (!partition_command && stmt["relation"].body().boolean("inh"))
    spread_to_partitions(catalog, key, effects);
}

void drop_tables(const Node& stmt, const Catalog& catalog, std::vector<Effect>& effects) {
  if (stmt.str("removeType") != "OBJECT_TABLE")
    return;
  bool cascade = stmt.str("behavior") == "DROP_CASCADE";
  std::vector<std::string> dropped;
  for (const Node& object : stmt.list("objects")) {
    std::vector<std::string_view> parts = object["List"].names("items");
    if (parts.empty())
      continue;
    std::string_view schema = parts.size() > 1 ? parts[parts.size() - 2] : std::string_view{};
    std::string key = catalog.resolve_relation(schema, parts.back());
    if (known_table(catalog, key))
      dropped.push_back(key);
  }
  for (const auto& key : dropped) {
    const CatalogTable* table = known_table(catalog, key);
    if (!table)
      continue;
    for (const auto& c : table->constraints)
      if (c.kind == ConstraintKind::ForeignKey && !contains(dropped, c.fk_table))
        foreign_key_dropped(catalog, key, c, effects);
    if (cascade) // the foreign keys that reference the dropped table go with it
      for (const auto& other_key : catalog.lookups().referencing(key)) {
        const CatalogTable* referencing = catalog.tables.get(other_key);
        if (!referencing || contains(dropped, other_key) || referencing->uncertain)
          continue;
        const CatalogTable& other = *referencing;
        for (const auto& c : other.constraints)
          if (c.kind == ConstraintKind::ForeignKey && c.fk_table == key) {
            Effect& e = lock(effects, other_key, RelationKind::Table, LockMode::AccessExclusive);
            add_note(e, fmt::format("its foreign key {} to {} is dropped by CASCADE", c.name,
                                    display_key(key)));
          }
      }
    spread_to_partitions(catalog, key, effects);
  }
}

} // namespace

void add_catalog_effects(const Node& root, const Catalog& catalog, std::vector<Effect>& effects) {
  std::string_view kind = root.kind();
  Node stmt = root.body();
  if (kind == "AlterTableStmt") {
    if (stmt.str("objtype") == "OBJECT_TABLE" || stmt.str("objtype").empty())
      alter_table(stmt, catalog, effects);
  } else if (kind == "DropStmt") {
    drop_tables(stmt, catalog, effects);
  } else if (kind == "IndexStmt") {
    Node relation = stmt["relation"].body();
    if (relation.boolean("inh"))
      spread_to_partitions(catalog, resolve_range_var(catalog, relation), effects);
  } else if (kind == "TruncateStmt") {
    for (const Node& r : stmt.list("relations")) {
      Node relation = r.body();
      if (relation.boolean("inh"))
        spread_to_partitions(catalog, resolve_range_var(catalog, relation), effects);
    }
  }
}

} // namespace pgdrydock
