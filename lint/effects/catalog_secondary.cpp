// Secondary relations the catalog knows (lint/effects/catalog_hints.h). Lock modes follow
// PostgreSQL 15 (index.c, lockcmds.c, ri_triggers.c, typecmds.c, matview.c) and each family is
// a server-verified case in tests/lockmodel/cases.txt.
#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_set>

#include "lint/catalog/apply.h"
#include "lint/effects/catalog_hints.h"
#include "lint/effects/effect_list.h"

namespace pgdrydock {
namespace {

using Seen = std::unordered_set<std::string>;

std::string resolve(const Catalog& catalog, const std::vector<std::string_view>& parts) {
  auto [schema, name] = name_parts(parts);
  return catalog.resolve_relation(schema, name);
}

std::string resolve(const Catalog& catalog, const Node& range_var) {
  auto [schema, name] = range_var_parts(range_var);
  return catalog.resolve_relation(schema, name);
}

RelationKind kind_in(const Catalog& catalog, const std::string& key) {
  switch (catalog.relation_kind(key)) {
  case CatalogRelationKind::Table:
  case CatalogRelationKind::PartitionedTable:
    return RelationKind::Table;
  case CatalogRelationKind::View:
    return RelationKind::View;
  case CatalogRelationKind::MaterializedView:
    return RelationKind::MaterializedView;
  case CatalogRelationKind::Index:
    return RelationKind::Index;
  case CatalogRelationKind::Sequence:
    return RelationKind::Sequence;
  case CatalogRelationKind::None:
    break;
  }
  return RelationKind::Unknown;
}

// A table the model really knows (not one it made up for an ALTER it could not place).
const CatalogTable* known_table(const Catalog& catalog, const std::string& key) {
  const CatalogTable* t = key.empty() ? nullptr : catalog.table(key);
  return t && !t->uncertain ? t : nullptr;
}

Effect& lock(EffectList& out, const Catalog& catalog, const std::string& key, LockMode mode,
             std::string_view why) {
  Effect& e = out.lock(key, kind_in(catalog, key), mode);
  if (e.why.empty())
    e.why = why;
  return e;
}

// A view's query is expanded by the rewriter, which locks what the query names in the mode the
// view was asked for (LOCK: LockViewRecurse does the same), through views of views. A
// materialized view is a relation of its own: reading it does not reach its query.
void view_bases(const Catalog& catalog, const std::string& view, LockMode mode, EffectList& out,
                Seen& seen) {
  const CatalogView* v = catalog.views.get(view);
  if (!v || !seen.insert(view).second)
    return;
  for (const std::string& base : v->depends_on) {
    if (catalog.relation_kind(base) == CatalogRelationKind::None)
      continue;
    lock(out, catalog, base, mode, "view base table");
    if (const CatalogView* inner = catalog.views.get(base); inner && !inner->materialized)
      view_bases(catalog, base, mode, out, seen);
  }
}

// Every partition at any depth, each locked like its parent (LOCK, TRUNCATE reach them all).
void partitions(const Catalog& catalog, const std::string& parent, LockMode mode, EffectList& out,
                Seen& seen) {
  if (!seen.insert(parent).second)
    return;
  for (const std::string& part : catalog.lookups().partitions_of(parent)) {
    lock(out, catalog, part, mode, "partition");
    partitions(catalog, part, mode, out, seen);
  }
}

void lock_statement(const Node& stmt, const Catalog& catalog, EffectList& out) {
  std::int64_t number = stmt.integer("mode", 8);
  LockMode mode =
      number >= 1 && number <= 8 ? static_cast<LockMode>(number - 1) : LockMode::AccessExclusive;
  for (const Node& r : stmt.list("relations")) {
    Node rv = r.as("RangeVar");
    std::string key = resolve(catalog, rv);
    Seen seen;
    if (catalog.relation_kind(key) == CatalogRelationKind::View)
      view_bases(catalog, key, mode, out, seen);
    else if (rv.boolean("inh")) // LOCK ONLY stops at the table
      partitions(catalog, key, mode, out, seen);
  }
}

// Reads through views: the planner locks the view's base relations in the view's own mode.
void reads_through_views(const Catalog& catalog, EffectList& out, std::vector<Effect>& effects) {
  Seen seen;
  for (const Effect& e : effects)
    if (const CatalogView* v = catalog.views.get(e.relation); v && !v->materialized)
      view_bases(catalog, e.relation, e.lock, out, seen);
}

void refresh(const Node& stmt, const Catalog& catalog, EffectList& out) {
  std::string key = resolve(catalog, stmt["relation"]);
  const CatalogView* mv = catalog.views.get(key);
  if (!mv || stmt.boolean("skipData")) // WITH NO DATA runs no query
    return;
  Seen seen{key};
  for (const std::string& base : mv->depends_on) {
    if (catalog.relation_kind(base) == CatalogRelationKind::None)
      continue;
    lock(out, catalog, base, LockMode::AccessShare, "view base table");
    if (const CatalogView* inner = catalog.views.get(base); inner && !inner->materialized)
      view_bases(catalog, base, LockMode::AccessShare, out, seen);
  }
}

void index_statement(const Catalog& catalog, const std::string& index, LockMode mode,
                     EffectList& out) {
  if (const CatalogIndex* idx = catalog.indexes.get(index))
    lock(out, catalog, idx->table, mode, "index's table");
}

// Rows changed in a referenced table are checked against (NO ACTION, RESTRICT: a SELECT ...
// FOR KEY SHARE, ROW SHARE) or carried to (CASCADE, SET NULL, SET DEFAULT: ROW EXCLUSIVE) the
// tables referencing it. `columns` empty: a DELETE (every key); else the columns an UPDATE sets.
void referencing_rows(const Catalog& catalog, const std::string& table, bool deleting,
                      const std::vector<std::string>& columns, EffectList& out, Seen& seen) {
  if (!seen.insert(table).second)
    return;
  for (const std::string& other_key : catalog.lookups().referencing(table)) {
    const CatalogTable* other = known_table(catalog, other_key);
    if (!other)
      continue;
    for (const CatalogConstraint& c : other->constraints) {
      if (c.kind != ConstraintKind::ForeignKey || c.fk_table != table)
        continue;
      bool touched = deleting;
      for (const std::string& col : columns)
        touched = touched ||
                  std::find(c.fk_columns.begin(), c.fk_columns.end(), col) != c.fk_columns.end();
      if (!touched)
        continue;
      char action = deleting ? c.on_delete : c.on_update;
      if (action == 'a' || action == 'r') {
        Effect& e = lock(out, catalog, other_key, LockMode::RowShare, "referencing table");
        out.note(e, "checked for rows still referencing a changed key (when rows change)");
        continue;
      }
      Effect& e = lock(out, catalog, other_key, LockMode::RowExclusive, "cascade");
      out.note(e, "ON " + std::string(deleting ? "DELETE" : "UPDATE") +
                      " changes its referencing rows (when rows change)");
      if (deleting && action == 'c')
        referencing_rows(catalog, other_key, true, {}, out, seen);
    }
  }
}

// New or changed foreign-key values are checked in the referenced table: SELECT ... FOR KEY
// SHARE takes ROW SHARE there. `columns` empty: every foreign key (INSERT, COPY FROM).
void referenced_rows(const Catalog& catalog, const std::string& table,
                     const std::vector<std::string>& columns, EffectList& out) {
  const CatalogTable* t = known_table(catalog, table);
  if (!t)
    return;
  for (const CatalogConstraint& c : t->constraints) {
    if (c.kind != ConstraintKind::ForeignKey || c.fk_table == table ||
        catalog.relation_kind(c.fk_table) == CatalogRelationKind::None)
      continue;
    bool touched = columns.empty();
    for (const std::string& col : columns)
      touched = touched || std::find(c.columns.begin(), c.columns.end(), col) != c.columns.end();
    if (!touched)
      continue;
    Effect& e = lock(out, catalog, c.fk_table, LockMode::RowShare, "referenced table");
    out.note(e, "the new key is looked up FOR KEY SHARE (when rows are written)");
  }
}

std::vector<std::string> set_columns(const Node& update) {
  std::vector<std::string> cols;
  for (const Node& target : update.list("targetList"))
    cols.emplace_back(target.as("ResTarget").str("name"));
  return cols;
}

void truncate_cascade(const Catalog& catalog, const std::string& table, EffectList& out,
                      Seen& seen) {
  if (!seen.insert(table).second)
    return;
  for (const std::string& other : catalog.lookups().referencing(table)) {
    if (!known_table(catalog, other) || other == table)
      continue;
    Effect& e = lock(out, catalog, other, LockMode::AccessExclusive, "cascade");
    e.rewrite = true;
    out.note(e, "TRUNCATE ... CASCADE empties every table referencing a truncated one");
    truncate_cascade(catalog, other, out, seen);
  }
}

// ALTER INDEX parent ATTACH PARTITION child opens both indexes' tables ACCESS SHARE.
void attach_index(const Node& stmt, const Catalog& catalog, EffectList& out) {
  std::string parent = resolve(catalog, stmt["relation"]);
  for (const Node& item : stmt.list("cmds")) {
    Node cmd = item.as("AlterTableCmd");
    if (cmd.str("subtype") != "AT_AttachPartition")
      continue;
    index_statement(catalog, parent, LockMode::AccessShare, out);
    index_statement(catalog, resolve(catalog, cmd["def"].as("PartitionCmd")["name"]),
                    LockMode::AccessShare, out);
  }
}

void alter_table(const Node& stmt, const Catalog& catalog, EffectList& out) {
  if (stmt.str("objtype") == "OBJECT_INDEX")
    return attach_index(stmt, catalog, out);
  std::string key = resolve(catalog, stmt["relation"]);
  const CatalogTable* table = known_table(catalog, key);
  if (!table)
    return;
  for (const Node& item : stmt.list("cmds")) {
    Node cmd = item.as("AlterTableCmd");
    std::string_view subtype = cmd.str("subtype");
    if (subtype == "AT_DropConstraint" && cmd.str("behavior") == "DROP_CASCADE") {
      // A primary key or unique constraint takes the foreign keys that rely on it along.
      const CatalogConstraint* c = table->constraint(cmd.str("name"));
      if (c && (c->kind == ConstraintKind::PrimaryKey || c->kind == ConstraintKind::Unique))
        for (const std::string& other_key : catalog.lookups().referencing(key))
          if (const CatalogTable* other = known_table(catalog, other_key);
              other && other_key != key)
            for (const CatalogConstraint& fk : other->constraints)
              if (fk.kind == ConstraintKind::ForeignKey && fk.fk_table == key &&
                  (fk.fk_columns.empty() || fk.fk_columns == c->columns))
                lock(out, catalog, other_key, LockMode::AccessExclusive, "cascade");
    } else if (subtype == "AT_ValidateConstraint") {
      const CatalogConstraint* c = table->constraint(cmd.str("name"));
      if (c && c->kind == ConstraintKind::ForeignKey && c->fk_table != key &&
          catalog.relation_kind(c->fk_table) != CatalogRelationKind::None)
        lock(out, catalog, c->fk_table, LockMode::RowShare, "referenced table");
    } else if (subtype == "AT_AddColumn") {
      Node col = cmd["def"].as("ColumnDef");
      const CatalogDomain* domain =
          col ? catalog.domains.get(catalog_type_name(catalog, col["typeName"])) : nullptr;
      if (!domain || (domain->constraints.empty() && !domain->not_null))
        continue;
      // PostgreSQL 15 checks a domain's constraints against every row, rewriting the table
      // even with no default (from 17 only when the default's value could fail them).
      if (Effect* e = out.find(key)) {
        e->rewrite = true;
        out.note(*e, "the new column's domain has constraints: every row is checked and the "
                     "table is rewritten");
      }
    }
  }
}

void domain_users(const Catalog& catalog, const std::string& type, LockMode mode, bool scan,
                  std::string_view why, EffectList& out) {
  for (const std::string& table : catalog.lookups().type_users(type)) {
    if (!known_table(catalog, table))
      continue;
    Effect& e = lock(out, catalog, table, mode, why);
    e.scan = e.scan || scan;
  }
}

void alter_domain(const Node& stmt, const Catalog& catalog, EffectList& out) {
  auto [schema, name] = name_parts(stmt.names("typeName"));
  std::string domain = catalog.resolve_type(schema, name);
  std::string_view subtype = stmt.str("subtype");
  // 'C' ADD CONSTRAINT (validated unless NOT VALID), 'O' SET NOT NULL, 'V' VALIDATE: every
  // column of the domain is checked with its table locked SHARE (writes wait, reads go on).
  bool checks = subtype == "O" || subtype == "V" ||
                (subtype == "C" && !stmt["def"].as("Constraint").boolean("skip_validation"));
  if (!domain.empty() && checks)
    domain_users(catalog, domain, LockMode::Share, true, "domain user", out);
}

void drop_statement(const Node& stmt, const Catalog& catalog, bool concurrent, EffectList& out) {
  std::string_view type = stmt.str("removeType");
  bool cascade = stmt.str("behavior") == "DROP_CASCADE";
  for (const Node& object : stmt.list("objects")) {
    if (type == "OBJECT_INDEX") {
      index_statement(catalog, resolve(catalog, object["List"].names("items")),
                      concurrent ? LockMode::ShareUpdateExclusive : LockMode::AccessExclusive, out);
    } else if ((type == "OBJECT_TYPE" || type == "OBJECT_DOMAIN") && cascade) {
      auto [schema, name] = name_parts(object.as("TypeName").names("names"));
      std::string user_type = catalog.resolve_type(schema, name);
      if (!user_type.empty()) // its columns are dropped with it
        domain_users(catalog, user_type, LockMode::AccessExclusive, false, "cascade", out);
    }
  }
}

void dml(const Node& root, const Catalog& catalog, EffectList& out) {
  if (Node s = root.as("InsertStmt")) {
    // A column list leaves the other columns NULL (or their default): only foreign keys on the
    // listed columns are checked. A key that ends up NULL is not looked up at all.
    std::vector<std::string> cols;
    for (const Node& target : s.list("cols"))
      cols.emplace_back(target.as("ResTarget").str("name"));
    return referenced_rows(catalog, resolve(catalog, s["relation"]), cols, out);
  }
  if (Node s = root.as("CopyStmt"); s && s.boolean("is_from") && s.has("relation"))
    return referenced_rows(catalog, resolve(catalog, s["relation"]), {}, out);
  if (Node s = root.as("UpdateStmt")) {
    std::string table = resolve(catalog, s["relation"]);
    std::vector<std::string> cols = set_columns(s);
    referenced_rows(catalog, table, cols, out);
    Seen seen;
    return referencing_rows(catalog, table, false, cols, out, seen);
  }
  if (Node s = root.as("DeleteStmt")) {
    Seen seen;
    referencing_rows(catalog, resolve(catalog, s["relation"]), true, {}, out, seen);
  }
}

} // namespace

void add_secondary_effects(const Node& root, const Catalog& catalog, std::vector<Effect>& effects) {
  EffectList out;
  for (Effect& e : effects)
    out.add(std::move(e));
  Node stmt = root.body();
  std::string_view kind = root.kind();
  if (kind == "LockStmt") {
    lock_statement(stmt, catalog, out);
  } else if (kind == "RefreshMatViewStmt") {
    refresh(stmt, catalog, out);
  } else if (kind == "DropStmt") {
    drop_statement(stmt, catalog, is_concurrent(root), out);
  } else if (kind == "ReindexStmt" && stmt.str("kind") == "REINDEX_OBJECT_INDEX") {
    index_statement(catalog, resolve(catalog, stmt["relation"]),
                    is_concurrent(root) ? LockMode::ShareUpdateExclusive : LockMode::Share, out);
  } else if (kind == "AlterTableStmt") {
    alter_table(stmt, catalog, out);
  } else if (kind == "AlterDomainStmt") {
    alter_domain(stmt, catalog, out);
  } else if (kind == "TruncateStmt" && stmt.str("behavior") == "DROP_CASCADE") {
    Seen seen;
    for (const Node& r : stmt.list("relations"))
      truncate_cascade(catalog, resolve(catalog, r.as("RangeVar")), out, seen);
  }
  dml(root, catalog, out);
  effects = out.take();
  // A partitioned table has no data of its own: its partitions are what gets rewritten.
  for (Effect& e : effects)
    if (const CatalogTable* t = known_table(catalog, e.relation);
        t && t->partitioned && e.rewrite) {
      e.rewrite = false;
      e.note += std::string(e.note.empty() ? "" : "; ") +
                "a partitioned table has no data of its own: its partitions are rewritten";
    }
  if (kind == "SelectStmt" || kind == "InsertStmt" || kind == "UpdateStmt" ||
      kind == "DeleteStmt" || kind == "CreateTableAsStmt" || kind == "ExplainStmt" ||
      kind == "CopyStmt") {
    EffectList more;
    for (Effect& e : effects)
      more.add(e);
    reads_through_views(catalog, more, effects);
    effects = more.take();
  }
}

} // namespace pgdrydock
