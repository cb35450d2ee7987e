// DROP TABLE / VIEW / MATERIALIZED VIEW / SEQUENCE / INDEX [CONCURRENTLY] / TRIGGER / POLICY /
// RULE, and TRUNCATE.
#include <string>

#include "lint/effects/effect_families.h"

namespace pgdrydock::effects {
namespace {

// DROP TRIGGER t ON tbl: the object name is [schema.]tbl + the trigger's name.
std::string table_of_subobject(const Node& object) {
  std::vector<std::string_view> parts = object["List"].names("items");
  if (!parts.empty())
    parts.pop_back();
  return qualified_name(parts);
}

void drop(const Node& stmt, bool concurrent, EffectList& out) {
  std::string_view type = stmt.str("removeType");
  for (const Node& object : stmt.list("objects")) {
    if (type == "OBJECT_TRIGGER" || type == "OBJECT_POLICY" || type == "OBJECT_RULE") {
      out.lock(table_of_subobject(object), RelationKind::Table, LockMode::AccessExclusive);
      continue;
    }
    RelationKind kind = kind_of_object(type);
    if (kind == RelationKind::Unknown)
      continue; // types, functions, schemas...: no relation lock
    std::string rel = qualified_name(object["List"].names("items"));
    if (kind == RelationKind::Index) {
      // Even CONCURRENTLY ends with ACCESS EXCLUSIVE on the index (the server shows it in the
      // last internal transaction, once the index is invalid and unused); the table itself
      // stays at SHARE UPDATE EXCLUSIVE, so readers and writers of the table never wait.
      Effect& idx = out.lock(rel, kind, LockMode::AccessExclusive);
      out.note(idx, concurrent ? "CONCURRENTLY keeps its table at SHARE UPDATE EXCLUSIVE and "
                                 "waits for running transactions"
                               : "its table is locked ACCESS EXCLUSIVE too: every query on the "
                                 "table waits");
      continue;
    }
    Effect& e = out.lock(rel, kind, LockMode::AccessExclusive);
    if (kind == RelationKind::Table)
      out.note(e, "tables it references by foreign key are locked ACCESS EXCLUSIVE as well");
    if (stmt.str("behavior") == "DROP_CASCADE")
      out.note(e, "CASCADE drops dependent objects, locking them too");
  }
}

void truncate(const Node& stmt, EffectList& out) {
  for (const Node& r : stmt.list("relations")) {
    Effect& e =
        out.lock(qualified_name(r.as("RangeVar")), RelationKind::Table, LockMode::AccessExclusive);
    e.rewrite = true; // new, empty files for the table and its indexes
    if (stmt.str("behavior") == "DROP_CASCADE")
      out.note(e, "CASCADE also truncates every table referencing it");
  }
}

} // namespace

bool drop_effects(const Node& root, const EffectContext&, EffectList& out) {
  if (Node s = root.as("DropStmt"))
    return drop(s, is_concurrent(root), out), true;
  if (Node s = root.as("TruncateStmt"))
    return truncate(s, out), true;
  return false;
}

} // namespace pgdrydock::effects
