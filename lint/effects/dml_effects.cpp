// INSERT / UPDATE / DELETE / MERGE / COPY / SELECT: the target gets ROW EXCLUSIVE, every other
// relation the query reads gets ACCESS SHARE (FOR UPDATE/SHARE: ROW SHARE).
#include "lint/effects/effect_families.h"

namespace pgdrydock::effects {
namespace {

void write_target(const Node& stmt, std::string_view key, EffectList& out) {
  Effect& e = out.lock(qualified_name(stmt[key]), RelationKind::Table, LockMode::RowExclusive);
  (void)e;
  add_read_relations(stmt, out);
}

void select(const Node& stmt, EffectList& out) {
  add_read_relations(stmt, out);
  if (stmt.list("lockingClause").empty())
    return;
  // FOR UPDATE / FOR SHARE: ROW SHARE on the relations of the FROM clause.
  EffectList from;
  for (const Node& f : stmt.list("fromClause"))
    add_read_relations(f, from);
  for (Effect& e : from.take())
    out.lock(e.relation, RelationKind::Unknown, LockMode::RowShare);
}

} // namespace

bool dml_effects(const Node& root, const EffectContext&, EffectList& out) {
  if (Node s = root.as("InsertStmt"))
    return write_target(s, "relation", out), true;
  if (Node s = root.as("UpdateStmt"))
    return write_target(s, "relation", out), true;
  if (Node s = root.as("DeleteStmt"))
    return write_target(s, "relation", out), true;
  if (Node s = root.as("MergeStmt"))
    return write_target(s, "relation", out), true;
  if (Node s = root.as("SelectStmt"))
    return select(s, out), true;
  if (Node s = root.as("CopyStmt")) {
    if (s.has("relation"))
      out.lock(qualified_name(s["relation"]), RelationKind::Table,
               s.boolean("is_from") ? LockMode::RowExclusive : LockMode::AccessShare);
    add_read_relations(s["query"], out);
    return true;
  }
  if (Node s = root.as("ExplainStmt")) {
    add_read_relations(s["query"], out); // planning opens (and locks) what the query reads
    return true;
  }
  return false;
}

} // namespace pgdrydock::effects
