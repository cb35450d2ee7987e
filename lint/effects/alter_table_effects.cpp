// ALTER TABLE / INDEX / VIEW / MATERIALIZED VIEW / SEQUENCE ... (AlterTableStmt): each
// subcommand's lock level follows AlterTableGetLockLevel in PostgreSQL 15's tablecmds.c, and
// the statement holds the strongest of them. Rewrite and scan follow ATRewriteTables.
#include <string>
#include <string_view>

#include "lint/effects/effect_families.h"

namespace pgdrydock::effects {
namespace {

struct Target {
  std::string relation;
  RelationKind kind;
  bool concurrent = false; // DETACH PARTITION ... CONCURRENTLY (alone in its ALTER TABLE)
};

// Reloptions whose change must wait for every reader (AlterTableGetRelOptionsLockLevel: the
// options whose relopt_gen lockmode is AccessExclusiveLock in reloptions.c); every other heap
// and index option (fillfactor, autovacuum_*, parallel_workers, toast_tuple_target...) needs
// only ShareUpdateExclusiveLock — the server showed that for fillfactor, autovacuum_enabled,
// parallel_workers and toast_tuple_target.
bool option_needs_access_exclusive(std::string_view option) {
  return option == "user_catalog_table" || option == "check_option" ||
         option == "security_barrier" || option == "security_invoker" || option == "buffering" ||
         option == "fastupdate" || option == "gin_pending_list_limit" ||
         option == "deduplicate_items" || option == "pages_per_range" || option == "autosummarize";
}

LockMode reloptions_lock(const Node& cmd) {
  LockMode mode = LockMode::ShareUpdateExclusive;
  for (const Node& item : cmd["def"]["List"].list("items")) {
    Node def = item.as("DefElem");
    if (def && option_needs_access_exclusive(def.str("defname")))
      mode = LockMode::AccessExclusive;
  }
  return mode;
}

// The index a PRIMARY KEY / UNIQUE / EXCLUDE constraint builds, named as PostgreSQL names it.
void add_constraint_index(const Target& t, const Node& con, std::vector<std::string> cols,
                          EffectList& out) {
  std::string_view contype = con.str("contype");
  std::string name(con.str("conname"));
  if (name.empty()) {
    if (contype == "CONSTR_PRIMARY")
      name = implicit_name(name_of(t.relation), {}, "pkey");
    else
      name =
          implicit_name(name_of(t.relation), cols, contype == "CONSTR_EXCLUSION" ? "excl" : "key");
  }
  Effect& idx =
      out.lock(in_schema_of(t.relation, name), RelationKind::Index, LockMode::AccessExclusive);
  idx.creates = true;
  idx.scan = true;
  idx.why = "constraint's index";
  out.note(idx, "built by the constraint");
}

void add_table_constraint(const Target& t, const Node& con, EffectList& out) {
  std::string_view contype = con.str("contype");
  bool validated = !con.boolean("skip_validation");
  if (contype == "CONSTR_FOREIGN") {
    // Both tables get triggers, so both need at least CREATE TRIGGER's lock.
    Effect& self = out.lock(t.relation, t.kind, LockMode::ShareRowExclusive);
    Effect& ref =
        out.lock(qualified_name(con["pktable"]), RelationKind::Table, LockMode::ShareRowExclusive);
    ref.why = "referenced table";
    if (validated) {
      self.scan = true;
      out.note(self, "the foreign key is validated by scanning the table (NOT VALID skips it)");
    }
    return;
  }
  Effect& self = out.lock(t.relation, t.kind, LockMode::AccessExclusive);
  if (contype == "CONSTR_PRIMARY" || contype == "CONSTR_UNIQUE" || contype == "CONSTR_EXCLUSION") {
    if (!con.str("indexname").empty()) {
      // USING INDEX adopts (and renames) an existing index: no build. The server shows
      // SHARE UPDATE EXCLUSIVE on the adopted index.
      out.note(self, "adopts an existing index (no index build)");
      out.lock(in_schema_of(t.relation, con.str("indexname")), RelationKind::Index,
               LockMode::ShareUpdateExclusive)
          .why = "adopted index";
      return;
    }
    self.scan = true;
    out.note(self, "builds a unique index, reading the whole table");
    add_constraint_index(t, con, constraint_key_columns(con), out);
    return;
  }
  if (contype == "CONSTR_CHECK" && validated) {
    self.scan = true;
    out.note(self, "the CHECK constraint is validated by scanning the table (NOT VALID skips it)");
  }
}

void add_sequence_for(const Target& t, std::string_view column, EffectList& out) {
  Effect& seq = out.lock(
      in_schema_of(t.relation, implicit_name(name_of(t.relation), {std::string(column)}, "seq")),
      RelationKind::Sequence, LockMode::AccessExclusive);
  seq.creates = true;
  seq.why = "new sequence";
}

// nextval('seq') evaluated for every row during the rewrite: the server shows ROW EXCLUSIVE
// on the sequence.
void lock_sequences_of_nextval(const Node& expr, EffectList& out) {
  Node call = expr.as("FuncCall");
  if (!call)
    return;
  std::vector<std::string_view> fn = call.names("funcname");
  if (fn.empty() || fn.back() != "nextval")
    return;
  for (const Node& arg : call.list("args")) {
    Node literal = arg.as("A_Const")["sval"];
    if (!literal)
      literal = arg.as("TypeCast")["arg"].as("A_Const")["sval"];
    std::string_view text = literal.str("sval");
    if (text.empty())
      continue;
    std::string name(text);
    out.lock(name.find('.') == std::string::npos ? "public." + name : name, RelationKind::Sequence,
             LockMode::RowExclusive)
        .why = "sequence of the default";
  }
}

// The note a rewrite caused by ADD COLUMN carries (the server-verified model's wording).
const char* rewrite_note(AddColumnRewrite::Cause cause) {
  switch (cause) {
  case AddColumnRewrite::Cause::Serial:
    return "a serial column on an existing table fills every row from nextval(): the table "
           "is rewritten";
  case AddColumnRewrite::Cause::Identity:
    return "an identity column on an existing table fills every row: the table is rewritten";
  case AddColumnRewrite::Cause::Generated:
    return "a stored generated column is computed for every row: the table is rewritten";
  case AddColumnRewrite::Cause::VolatileDefault:
    return "a volatile default is evaluated for every row: the table is rewritten";
  case AddColumnRewrite::Cause::DefaultBeforePg11:
    return "before PostgreSQL 11 any non-null default rewrites the table";
  }
  return "";
}

void add_column(const Target& t, const Node& cmd, const EffectContext& ctx, EffectList& out) {
  Effect& self = out.lock(t.relation, t.kind, LockMode::AccessExclusive);
  Node col = cmd["def"].as("ColumnDef");
  if (!col)
    return;
  std::string_view colname = col.str("colname");
  if (auto r = add_column_rewrite(col, ctx.pg_version)) {
    self.rewrite = true;
    out.note(self, rewrite_note(r->cause));
    if (r->cause == AddColumnRewrite::Cause::VolatileDefault)
      lock_sequences_of_nextval(column_default(col), out);
  }
  if (is_serial_type(col["typeName"]))
    add_sequence_for(t, colname, out);
  for (const Node& c : col.list("constraints")) {
    Node con = c.as("Constraint");
    std::string_view contype = con.str("contype");
    if (contype == "CONSTR_IDENTITY") {
      add_sequence_for(t, colname, out);
    } else if (contype == "CONSTR_PRIMARY" || contype == "CONSTR_UNIQUE") {
      self.scan = true;
      add_constraint_index(t, con, {std::string(colname)}, out);
    } else if (contype == "CONSTR_FOREIGN") {
      out.lock(qualified_name(con["pktable"]), RelationKind::Table, LockMode::ShareRowExclusive)
          .why = "referenced table";
    } else if (contype == "CONSTR_CHECK" && !con.boolean("skip_validation")) {
      self.scan = true;
      out.note(self, "the CHECK constraint is validated by scanning the table");
    }
  }
}

void alter_column_type(const Target& t, const Node& cmd, const EffectContext& ctx,
                       const CatalogHints& hints, EffectList& out) {
  Effect& self = out.lock(t.relation, t.kind, LockMode::AccessExclusive);
  Node col = cmd["def"].as("ColumnDef");
  std::string new_type = canonical_type_name(col["typeName"]);
  if (col.has("raw_default")) {
    self.rewrite = true;
    out.note(self, "USING computes every value again: the table and its indexes are rewritten");
    return;
  }
  std::optional<std::string> old_type;
  if (hints.column_type)
    old_type = hints.column_type(t.relation, std::string(cmd.str("name")));
  if (old_type) {
    const bool free_timestamps =
        ctx.time_zone && timestamp_conversion_is_free(ctx.pg_version, *ctx.time_zone);
    if (type_change_is_binary_coercible(*old_type, new_type, free_timestamps)) {
      const bool by_time_zone = !type_change_is_binary_coercible(*old_type, new_type);
      out.note(self, "binary-coercible type change (" + canonical_type_name(*old_type) + " -> " +
                         new_type + (by_time_zone ? " in a session whose time zone is UTC" : "") +
                         "): no rewrite");
      return;
    }
    self.rewrite = true;
    out.note(self, "changing the column type rewrites the table and rebuilds its indexes");
    return;
  }
  // The current type is unknown: a rewrite only when no current type makes the change free.
  const std::string free_from = type_change_free_from(new_type);
  self.rewrite = free_from.empty();
  if (!free_from.empty())
    out.note(self, "may rewrite: free (catalog only) when the current type is " + free_from +
                       ", otherwise the table and its indexes are rewritten");
  else
    out.note(self, "changing the column type rewrites the table and rebuilds its indexes");
}

void partition_command(const Target& t, const Node& cmd, EffectList& out) {
  std::string_view subtype = cmd.str("subtype");
  Node pc = cmd["def"].as("PartitionCmd");
  std::string partition = qualified_name(pc["name"]);
  if (subtype == "AT_AttachPartition" && t.kind == RelationKind::Index) {
    // ALTER INDEX parent ATTACH PARTITION child: no data is read; the child index is locked
    // ACCESS EXCLUSIVE (both tables ACCESS SHARE: lint/effects/catalog_secondary.cpp).
    out.lock(t.relation, t.kind, LockMode::ShareUpdateExclusive);
    out.lock(partition, RelationKind::Index, LockMode::AccessExclusive).why = "index partition";
    return;
  }
  if (subtype == "AT_AttachPartition") {
    out.lock(t.relation, t.kind, LockMode::ShareUpdateExclusive);
    // The server showed AccessExclusiveLock on the partition being attached.
    Effect& p = out.lock(partition, RelationKind::Table, LockMode::AccessExclusive);
    p.why = "partition";
    p.scan = true;
    out.note(p, "the partition is scanned to check its rows fit the bound, unless a validated "
                "CHECK constraint already proves it");
    return;
  }
  if (subtype == "AT_DetachPartition" && !t.concurrent) {
    out.lock(t.relation, t.kind, LockMode::AccessExclusive);
    out.lock(partition, RelationKind::Table, LockMode::AccessExclusive).why = "partition";
    return;
  }
  // CONCURRENTLY (and FINALIZE) keep the parent at SHARE UPDATE EXCLUSIVE, but the second
  // internal transaction takes ACCESS EXCLUSIVE on the partition itself: the server shows it
  // once the wait for older transactions is over.
  out.lock(t.relation, t.kind, LockMode::ShareUpdateExclusive);
  Effect& p = out.lock(partition, RelationKind::Table, LockMode::AccessExclusive);
  p.why = "partition";
  out.note(p, "the partition is locked SHARE UPDATE EXCLUSIVE, then ACCESS EXCLUSIVE for the "
              "final step");
}

void subcommand(const Target& t, const Node& cmd, const EffectContext& ctx,
                const CatalogHints& hints, EffectList& out) {
  std::string_view st = cmd.str("subtype");
  if (st == "AT_AddColumn" || st == "AT_AddColumnToView")
    return add_column(t, cmd, ctx, out);
  if (st == "AT_AlterColumnType")
    return alter_column_type(t, cmd, ctx, hints, out);
  if (st == "AT_AttachPartition" || st == "AT_DetachPartition" ||
      st == "AT_DetachPartitionFinalize")
    return partition_command(t, cmd, out);
  if (st == "AT_AddConstraint")
    return add_table_constraint(t, cmd["def"].as("Constraint"), out);
  if (st == "AT_EnableTrig" || st == "AT_EnableAlwaysTrig" || st == "AT_EnableReplicaTrig" ||
      st == "AT_EnableTrigAll" || st == "AT_EnableTrigUser" || st == "AT_DisableTrig" ||
      st == "AT_DisableTrigAll" || st == "AT_DisableTrigUser") {
    out.lock(t.relation, t.kind, LockMode::ShareRowExclusive);
    return;
  }
  if (st == "AT_SetStatistics" || st == "AT_SetOptions" || st == "AT_ResetOptions" ||
      st == "AT_DropCluster") {
    out.lock(t.relation, t.kind, LockMode::ShareUpdateExclusive);
    return;
  }
  if (st == "AT_ClusterOn") {
    out.lock(t.relation, t.kind, LockMode::ShareUpdateExclusive);
    // The server showed the named index locked in the same mode.
    out.lock(in_schema_of(t.relation, cmd.str("name")), RelationKind::Index,
             LockMode::ShareUpdateExclusive)
        .why = "clustering index";
    return;
  }
  if (st == "AT_ValidateConstraint") {
    Effect& e = out.lock(t.relation, t.kind, LockMode::ShareUpdateExclusive);
    e.scan = true;
    out.note(e, "validation scans the table under SHARE UPDATE EXCLUSIVE (reads and writes "
                "continue); a foreign key also reads the referenced table");
    return;
  }
  if (st == "AT_SetRelOptions" || st == "AT_ResetRelOptions") {
    out.lock(t.relation, t.kind, reloptions_lock(cmd));
    return;
  }
  if (st == "AT_AddInherit" || st == "AT_DropInherit") {
    out.lock(t.relation, t.kind, LockMode::AccessExclusive);
    // The server shows SHARE UPDATE EXCLUSIVE on the parent for INHERIT but only ACCESS SHARE
    // for NO INHERIT.
    out.lock(qualified_name(cmd["def"].as("RangeVar")), RelationKind::Table,
             st == "AT_AddInherit" ? LockMode::ShareUpdateExclusive : LockMode::AccessShare)
        .why = "parent table";
    return;
  }
  Effect& e = out.lock(t.relation, t.kind, LockMode::AccessExclusive);
  if (st == "AT_SetNotNull") {
    e.scan = true;
    out.note(e, "SET NOT NULL scans the table for NULLs under ACCESS EXCLUSIVE (from "
                "PostgreSQL 12 skipped when a validated CHECK (col IS NOT NULL) exists)");
  } else if (st == "AT_SetLogged" || st == "AT_SetUnLogged") {
    e.rewrite = true;
    out.note(e, "changing persistence rewrites the table and its indexes");
  } else if (st == "AT_SetTableSpace") {
    // Nothing is copied when the table is already there; tables live in the database's
    // default tablespace (pg_default) unless created elsewhere.
    if (cmd.str("name") == "pg_default") {
      out.note(e, "no copy when the table is already in pg_default (the usual place)");
    } else {
      e.rewrite = true;
      out.note(e, "the data files are copied to the new tablespace, unless the table is there");
    }
  } else if (st == "AT_SetAccessMethod") {
    // PostgreSQL 15 rewrites only when the method changes. The catalog does not record a
    // table's access method; tables use heap unless created USING another one.
    if (cmd.str("name") == "heap") {
      out.note(e, "no rewrite when the table already uses heap (the default); a table created "
                  "USING another access method is rewritten");
    } else {
      e.rewrite = true;
      out.note(e, "changing the access method rewrites the table, unless it already uses it");
    }
  } else if (st == "AT_AddOf") {
    // The composite type's row type is a relation of its own (pg_class relkind 'c').
    std::vector<std::string_view> type = cmd["def"].as("TypeName").names("names");
    if (!type.empty())
      out.lock(qualified_name(type), RelationKind::Unknown, LockMode::AccessShare).why =
          "composite type";
  } else if (st == "AT_AddIdentity") {
    add_sequence_for(t, cmd.str("name"), out);
  } else if (st == "AT_DropConstraint") {
    out.note(e, "dropping a foreign key also takes ACCESS EXCLUSIVE on the referenced table; "
                "dropping a primary key or unique constraint drops its index");
  } else if (st == "AT_DropColumn") {
    out.note(e, "indexes and constraints using the column are dropped with it");
  }
}

} // namespace

bool alter_table_effects(const Node& root, const EffectContext& ctx, const CatalogHints& hints,
                         EffectList& out) {
  Node stmt = root.as("AlterTableStmt");
  if (!stmt)
    return false;
  Target t{qualified_name(stmt["relation"]), kind_of_object(stmt.str("objtype")),
           is_concurrent(root)};
  // ALTER INDEX/VIEW/SEQUENCE/TABLE all arrive here; a table-level statement takes at least
  // the target's lock even when no subcommand says more.
  for (const Node& c : stmt.list("cmds"))
    subcommand(t, c.as("AlterTableCmd"), ctx, hints, out);
  return true;
}

} // namespace pgdrydock::effects
