// CREATE INDEX [CONCURRENTLY], REINDEX [CONCURRENTLY], CLUSTER, VACUUM / ANALYZE.
// (DROP INDEX lives with the other DROPs in drop_effects.cpp.)
#include <string>

#include "lint/effects/effect_families.h"

namespace pgdrydock::effects {
namespace {

// ChooseIndexColumnNames: a column's name, or the function's name for f(col), else "expr";
// INCLUDE columns take part too.
std::vector<std::string> index_column_names(const Node& stmt) {
  std::vector<std::string> cols;
  for (std::string_view key : {"indexParams", "indexIncludingParams"}) {
    for (const Node& p : stmt.list(key)) {
      Node elem = p.as("IndexElem");
      if (!elem.str("name").empty()) {
        cols.emplace_back(elem.str("name"));
        continue;
      }
      Node call = elem["expr"].as("FuncCall");
      std::vector<std::string_view> fn = call.names("funcname");
      cols.emplace_back(fn.empty() ? std::string_view("expr") : fn.back());
    }
  }
  return cols;
}

void create_index(const Node& stmt, bool concurrent, EffectList& out) {
  std::string table = qualified_name(stmt["relation"]);
  Effect& t = out.lock(table, RelationKind::Table,
                       concurrent ? LockMode::ShareUpdateExclusive : LockMode::Share);
  t.scan = true;
  out.note(t, concurrent ? "CONCURRENTLY builds the index without blocking writes (two scans, "
                           "waits for older transactions)"
                         : "SHARE blocks INSERT/UPDATE/DELETE for the whole index build");
  std::string name(stmt.str("idxname"));
  if (name.empty()) {
    // CREATE UNIQUE INDEX is not a constraint: its implicit name still ends in "_idx"
    // (ChooseIndexName uses "_key" only for UNIQUE constraints); the server confirms it.
    std::string_view label = stmt.boolean("primary") ? "pkey" : "idx";
    name = implicit_name(name_of(table), index_column_names(stmt), label);
  }
  // The new index is locked ACCESS EXCLUSIVE by its creator (the server shows it). With
  // CONCURRENTLY that happens in a short first transaction that makes the catalog entry; the
  // long build phases after it hold only ROW EXCLUSIVE on the (still invisible) index. Either
  // way no one else can see the index yet, so the lock holds no one up.
  Effect& idx = out.lock(in_schema_of(table, name), RelationKind::Index, LockMode::AccessExclusive);
  idx.creates = true;
  idx.why = "new index";
  if (stmt.boolean("if_not_exists"))
    out.note(idx, "IF NOT EXISTS: nothing happens when it exists");
}

void reindex(const Node& stmt, bool concurrent, EffectList& out) {
  std::string_view kind = stmt.str("kind");
  if (!stmt.has("relation"))
    return; // REINDEX SCHEMA / DATABASE / SYSTEM: every table in it
  std::string rel = qualified_name(stmt["relation"]);
  if (kind == "REINDEX_OBJECT_INDEX") {
    // Plain REINDEX INDEX also takes SHARE on the index's table (the server shows it); the
    // table's name is not in the statement.
    // With CONCURRENTLY the index is held SHARE UPDATE EXCLUSIVE while the copy is built; the
    // ACCESS EXCLUSIVE the server shows at the end is on the old copy as it is dropped, dead
    // and unused by then (as in DROP INDEX CONCURRENTLY).
    Effect& idx = out.lock(rel, RelationKind::Index, LockMode::AccessExclusive);
    idx.rewrite = true;
    idx.scan = true;
    out.note(idx, concurrent
                      ? "builds a new copy beside the old one and swaps them; its table "
                        "is locked SHARE UPDATE EXCLUSIVE, and the final ACCESS EXCLUSIVE is "
                        "on the dead old copy"
                      : "its table is locked SHARE (writes wait) while the index is rebuilt");
    return;
  }
  Effect& t = out.lock(rel, RelationKind::Table,
                       concurrent ? LockMode::ShareUpdateExclusive : LockMode::Share);
  t.scan = true;
  out.note(t, concurrent ? "every index is rebuilt concurrently"
                         : "every index of the table is rebuilt under ACCESS EXCLUSIVE (reads "
                           "using them wait) while writes wait on the table's SHARE lock");
}

void cluster(const Node& stmt, EffectList& out) {
  if (!stmt.has("relation"))
    return; // CLUSTER alone: every previously clustered table
  std::string table = qualified_name(stmt["relation"]);
  Effect& t = out.lock(table, RelationKind::Table, LockMode::AccessExclusive);
  t.rewrite = true;
  t.scan = true;
  out.note(t, "CLUSTER rewrites the table and every index in index order");
  if (!stmt.str("indexname").empty()) {
    Effect& idx = out.lock(in_schema_of(table, stmt.str("indexname")), RelationKind::Index,
                           LockMode::AccessExclusive);
    idx.rewrite = true;
    idx.why = "clustering index";
  }
}

void vacuum(const Node& stmt, EffectList& out) {
  bool is_vacuum = stmt.boolean("is_vacuumcmd");
  bool full = vacuum_full(stmt);
  for (const Node& r : stmt.list("rels")) {
    Node rel = r.as("VacuumRelation")["relation"];
    Effect& e = out.lock(qualified_name(rel), RelationKind::Table,
                         full ? LockMode::AccessExclusive : LockMode::ShareUpdateExclusive);
    e.scan = true;
    if (full) {
      e.rewrite = true;
      out.note(e, "VACUUM FULL rewrites the table and its indexes under ACCESS EXCLUSIVE");
    } else {
      out.note(e, is_vacuum ? "VACUUM reads the table; reads and writes continue"
                            : "ANALYZE samples the table; reads and writes continue");
    }
  }
}

} // namespace

bool index_effects(const Node& root, const EffectContext&, EffectList& out) {
  if (Node s = root.as("IndexStmt"))
    return create_index(s, is_concurrent(root), out), true;
  if (Node s = root.as("ReindexStmt"))
    return reindex(s, is_concurrent(root), out), true;
  return false;
}

bool maintenance_effects(const Node& root, const EffectContext&, EffectList& out) {
  if (Node s = root.as("ClusterStmt"))
    return cluster(s, out), true;
  if (Node s = root.as("VacuumStmt"))
    return vacuum(s, out), true;
  return false;
}

} // namespace pgdrydock::effects

namespace pgdrydock {
namespace {

// VACUUM (FULL), (FULL true), (FULL on), (FULL 1) enable it; (FULL false|off|0) does not.
bool option_enabled(const Node& def_elem) {
  Node arg = def_elem["arg"];
  if (!arg)
    return true;
  if (Node i = arg.as("Integer"))
    return i.integer("ival", 0) != 0;
  std::string_view v = arg.sval();
  return !(v == "false" || v == "off" || v == "no" || v == "0");
}

} // namespace

bool vacuum_full(const Node& vacuum_stmt) {
  bool full = false;
  if (vacuum_stmt.boolean("is_vacuumcmd"))
    for (const Node& opt : vacuum_stmt.list("options"))
      if (Node d = opt.as("DefElem"); d.str("defname") == "full")
        full = option_enabled(d);
  return full;
}

} // namespace pgdrydock
