// CREATE TABLE / TABLE AS / VIEW / MATERIALIZED VIEW / SEQUENCE / TRIGGER / POLICY, ALTER
// POLICY and REFRESH MATERIALIZED VIEW. A creator holds ACCESS EXCLUSIVE on what it creates
// (harmless: nobody else can see it yet) — the effect says creates=true so rules can tell.
#include <string>

#include "lint/effects/effect_families.h"

namespace pgdrydock::effects {
namespace {

void created_index(const std::string& table, const Node& con, std::vector<std::string> cols,
                   EffectList& out) {
  std::string_view contype = con.str("contype");
  std::string name(con.str("conname"));
  if (name.empty())
    name =
        contype == "CONSTR_PRIMARY"
            ? implicit_name(name_of(table), {}, "pkey")
            : implicit_name(name_of(table), cols, contype == "CONSTR_EXCLUSION" ? "excl" : "key");
  Effect& idx = out.lock(in_schema_of(table, name), RelationKind::Index, LockMode::AccessExclusive);
  idx.creates = true;
  idx.why = "constraint's index";
}

void constraint_of_new_table(const std::string& table, const Node& con,
                             std::vector<std::string> cols, EffectList& out) {
  std::string_view contype = con.str("contype");
  if (contype == "CONSTR_FOREIGN") {
    // Creating the foreign key adds triggers to the referenced table: SHARE ROW EXCLUSIVE
    // there, which blocks its writers for the rest of the transaction.
    Effect& ref =
        out.lock(qualified_name(con["pktable"]), RelationKind::Table, LockMode::ShareRowExclusive);
    out.note(ref, "referenced by a new foreign key: writes to it wait until commit");
    ref.why = "referenced table";
    return;
  }
  if (contype == "CONSTR_PRIMARY" || contype == "CONSTR_UNIQUE" || contype == "CONSTR_EXCLUSION") {
    if (cols.empty())
      cols = constraint_key_columns(con);
    created_index(table, con, cols, out);
  }
}

void create_table(const Node& stmt, EffectList& out) {
  std::string table = qualified_name(stmt["relation"]);
  Effect& t = out.lock(table, RelationKind::Table, LockMode::AccessExclusive);
  t.creates = true;
  for (const Node& elt : stmt.list("tableElts")) {
    if (Node col = elt.as("ColumnDef")) {
      std::string colname(col.str("colname"));
      bool sequence = is_serial_type(col["typeName"]);
      for (const Node& c : col.list("constraints")) {
        Node con = c.as("Constraint");
        if (con.str("contype") == "CONSTR_IDENTITY")
          sequence = true;
        constraint_of_new_table(table, con, {colname}, out);
      }
      if (sequence) {
        Effect& seq = out.lock(in_schema_of(table, implicit_name(name_of(table), {colname}, "seq")),
                               RelationKind::Sequence, LockMode::AccessExclusive);
        seq.creates = true;
        seq.why = "new sequence";
      }
    } else if (Node con = elt.as("Constraint")) {
      constraint_of_new_table(table, con, {}, out);
    } else if (Node like = elt.as("TableLikeClause")) {
      out.lock(qualified_name(like["relation"]), RelationKind::Table, LockMode::AccessShare).why =
          "LIKE source";
    }
  }
  // PARTITION OF takes ACCESS EXCLUSIVE on the parent (the server shows it on PostgreSQL 15);
  // INHERITS takes SHARE UPDATE EXCLUSIVE on each parent.
  bool partition = stmt.has("partbound");
  for (const Node& parent : stmt.list("inhRelations")) {
    Effect& p = out.lock(qualified_name(parent.as("RangeVar")), RelationKind::Table,
                         partition ? LockMode::AccessExclusive : LockMode::ShareUpdateExclusive);
    p.why = "parent table";
    if (partition)
      out.note(p, "attaching a new partition blocks every query on the parent");
  }
}

void create_table_as(const Node& stmt, EffectList& out) {
  bool matview = stmt.str("objtype") == "OBJECT_MATVIEW";
  add_read_relations(stmt["query"], out);
  Effect& t = out.lock(qualified_name(stmt["into"]["rel"]),
                       matview ? RelationKind::MaterializedView : RelationKind::Table,
                       LockMode::AccessExclusive);
  t.creates = true;
}

void create_view(const Node& stmt, EffectList& out) {
  add_read_relations(stmt["query"], out);
  Effect& v = out.lock(qualified_name(stmt["view"]), RelationKind::View, LockMode::AccessExclusive);
  if (stmt.boolean("replace"))
    out.note(v, "OR REPLACE: an existing view is locked ACCESS EXCLUSIVE (its readers wait)");
  else
    v.creates = true;
}

void refresh(const Node& stmt, bool concurrent, EffectList& out) {
  Effect& mv = out.lock(qualified_name(stmt["relation"]), RelationKind::MaterializedView,
                        concurrent ? LockMode::Exclusive : LockMode::AccessExclusive);
  mv.scan = true;
  if (concurrent) {
    out.note(mv, "CONCURRENTLY computes the new contents and applies the difference: reads "
                 "continue, writes wait; the tables of its query are read");
  } else {
    mv.rewrite = true;
    out.note(mv, "the contents are replaced under ACCESS EXCLUSIVE: reads wait; the tables of "
                 "its query are read");
  }
}

} // namespace

bool create_effects(const Node& root, const EffectContext&, EffectList& out) {
  if (Node s = root.as("CreateStmt"))
    return create_table(s, out), true;
  if (Node s = root.as("CreateTableAsStmt"))
    return create_table_as(s, out), true;
  if (Node s = root.as("ViewStmt"))
    return create_view(s, out), true;
  if (Node s = root.as("RefreshMatViewStmt"))
    return refresh(s, is_concurrent(root), out), true;
  if (Node s = root.as("CreateSeqStmt")) {
    Effect& seq =
        out.lock(qualified_name(s["sequence"]), RelationKind::Sequence, LockMode::AccessExclusive);
    seq.creates = true;
    for (const Node& o : s.list("options")) {
      Node def = o.as("DefElem");
      std::vector<std::string_view> col = def["arg"]["List"].names("items");
      if (def.str("defname") == "owned_by" && col.size() >= 2) {
        col.pop_back();
        out.lock(qualified_name(col), RelationKind::Table, LockMode::AccessShare).why =
            "owning table";
      }
    }
    return true;
  }
  if (Node s = root.as("CompositeTypeStmt")) {
    // A composite type is a relation of its own (pg_class relkind 'c'), locked as it is made.
    out.lock(qualified_name(s["typevar"]), RelationKind::Unknown, LockMode::AccessExclusive)
        .creates = true;
    return true;
  }
  if (Node s = root.as("RuleStmt")) {
    // A rule changes how every query on the table is rewritten: readers wait too.
    out.lock(qualified_name(s["relation"]), RelationKind::Table, LockMode::AccessExclusive);
    return true;
  }
  if (Node s = root.as("CreateTrigStmt")) {
    // CREATE TRIGGER blocks writers (and other DDL) but not readers.
    out.lock(qualified_name(s["relation"]), RelationKind::Table, LockMode::ShareRowExclusive);
    return true;
  }
  if (Node s = root.as("CreatePolicyStmt")) {
    // The server shows ACCESS EXCLUSIVE for CREATE POLICY on PostgreSQL 15: policies change
    // what every query sees, so readers wait too.
    out.lock(qualified_name(s["table"]), RelationKind::Table, LockMode::AccessExclusive);
    return true;
  }
  if (Node s = root.as("AlterPolicyStmt")) {
    out.lock(qualified_name(s["table"]), RelationKind::Table, LockMode::AccessExclusive);
    return true;
  }
  return false;
}

} // namespace pgdrydock::effects
