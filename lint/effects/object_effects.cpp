// LOCK TABLE, COMMENT ON, GRANT/REVOKE, RENAME, SET SCHEMA, ALTER SEQUENCE, ALTER TYPE.
#include <string>

#include "lint/effects/effect_families.h"

namespace pgdrydock::effects {
namespace {

void lock_table(const Node& stmt, EffectList& out) {
  // LockStmt.mode is PostgreSQL's LOCKMODE number: 1 = AccessShareLock ... 8 = AccessExclusiveLock.
  std::int64_t mode = stmt.integer("mode", 8);
  if (mode < 1 || mode > 8)
    mode = 8;
  for (const Node& r : stmt.list("relations"))
    out.lock(qualified_name(r.as("RangeVar")), RelationKind::Table,
             static_cast<LockMode>(mode - 1));
}

void comment(const Node& stmt, EffectList& out) {
  std::string_view type = stmt.str("objtype");
  Node object = stmt["object"];
  std::vector<std::string_view> parts = object["List"].names("items");
  RelationKind kind = kind_of_object(type);
  // The server shows SHARE UPDATE EXCLUSIVE for a comment on a relation or one of its
  // columns, and only ACCESS SHARE on the table for a constraint, trigger, policy or rule.
  if (kind != RelationKind::Unknown) {
    out.lock(qualified_name(parts), kind, LockMode::ShareUpdateExclusive);
  } else if (type == "OBJECT_COLUMN" && parts.size() >= 2) {
    parts.pop_back();
    out.lock(qualified_name(parts), RelationKind::Table, LockMode::ShareUpdateExclusive);
  } else if ((type == "OBJECT_TABCONSTRAINT" || type == "OBJECT_TRIGGER" ||
              type == "OBJECT_POLICY" || type == "OBJECT_RULE") &&
             parts.size() >= 2) {
    parts.pop_back();
    out.lock(qualified_name(parts), RelationKind::Table, LockMode::AccessShare);
  }
}

void rename(const Node& stmt, EffectList& out) {
  std::string_view type = stmt.str("renameType");
  if (!stmt.has("relation"))
    return; // renaming a type, schema, function...: no relation lock
  std::string rel = qualified_name(stmt["relation"]);
  if (type == "OBJECT_INDEX") {
    // Renaming an index needs only SHARE UPDATE EXCLUSIVE since PostgreSQL 12.
    out.lock(rel, RelationKind::Index, LockMode::ShareUpdateExclusive);
    return;
  }
  RelationKind kind = kind_of_object(type);
  if (kind == RelationKind::Unknown)
    kind = kind_of_object(stmt.str("relationType"));
  if (kind == RelationKind::Unknown)
    kind = RelationKind::Table;
  Effect& e = out.lock(rel, kind, LockMode::AccessExclusive);
  if (type == "OBJECT_TABCONSTRAINT")
    out.note(e, "renaming a primary key or unique constraint renames its index too");
}

void alter_sequence(const Node& stmt, EffectList& out) {
  Effect& seq = out.lock(qualified_name(stmt["sequence"]), RelationKind::Sequence,
                         LockMode::ShareRowExclusive);
  for (const Node& o : stmt.list("options")) {
    Node def = o.as("DefElem");
    if (def.str("defname") == "owned_by") {
      std::vector<std::string_view> col = def["arg"]["List"].names("items");
      if (col.size() >= 2) {
        col.pop_back();
        out.lock(qualified_name(col), RelationKind::Table, LockMode::AccessShare).why =
            "owning table";
      }
    } else {
      // The server shows a new relfilenode for RESTART / INCREMENT...: the (one-row)
      // sequence is rewritten.
      seq.rewrite = true;
    }
  }
}

} // namespace

bool object_effects(const Node& root, const EffectContext&, EffectList& out) {
  if (Node s = root.as("LockStmt"))
    return lock_table(s, out), true;
  if (Node s = root.as("CommentStmt"))
    return comment(s, out), true;
  if (Node s = root.as("RenameStmt"))
    return rename(s, out), true;
  if (Node s = root.as("AlterSeqStmt"))
    return alter_sequence(s, out), true;
  if (Node s = root.as("AlterObjectSchemaStmt")) {
    if (s.has("relation")) {
      RelationKind kind = kind_of_object(s.str("objectType"));
      out.lock(qualified_name(s["relation"]),
               kind == RelationKind::Unknown ? RelationKind::Table : kind,
               LockMode::AccessExclusive);
    }
    return true;
  }
  // GRANT/REVOKE on a table takes no relation lock: the server shows none (the catalog row is
  // updated in place under MVCC). ALTER TYPE ... ADD VALUE locks the type, not a relation.
  if (root.as("GrantStmt") || root.as("AlterEnumStmt"))
    return true;
  return false;
}

} // namespace pgdrydock::effects
