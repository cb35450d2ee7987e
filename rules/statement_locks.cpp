#include "rules/statement_locks.h"

#include <algorithm>

namespace pgdrydock::rules {
namespace {

// ALTER TABLE subcommands that take less than ACCESS EXCLUSIVE (AlterTableGetLockLevel).
LockMode alter_table_command_lock(const Node& cmd) {
  std::string_view subtype = cmd.str("subtype");
  if (subtype == "AT_ValidateConstraint" || subtype == "AT_SetStatistics" ||
      subtype == "AT_ClusterOn" || subtype == "AT_DropCluster" || subtype == "AT_AttachPartition")
    return LockMode::ShareUpdateExclusive;
  if (subtype == "AT_DetachPartition") {
    Node part = cmd["def"].as("PartitionCmd");
    return part.boolean("concurrent") ? LockMode::ShareUpdateExclusive : LockMode::AccessExclusive;
  }
  if (subtype == "AT_AddConstraint" &&
      cmd["def"].as("Constraint").str("contype") == "CONSTR_FOREIGN")
    return LockMode::ShareRowExclusive;
  return LockMode::AccessExclusive;
}

// PostgreSQL numbers lock modes 1 (AccessShareLock) .. 8 (AccessExclusiveLock), as LockStmt has it.
LockMode lock_from_number(std::int64_t n) {
  n = std::clamp<std::int64_t>(n, 1, 8);
  return static_cast<LockMode>(n - 1);
}

void add_foreign_key_targets(const Node& constraint, std::vector<LockedRelation>& out) {
  if (constraint.str("contype") == "CONSTR_FOREIGN" && constraint["pktable"])
    out.push_back({qualified_name(constraint["pktable"]), LockMode::ShareRowExclusive, false});
}

std::vector<LockedRelation> locks_by_kind(const Node& root) {
  std::vector<LockedRelation> out;
  std::string_view kind = root.kind();
  Node body = root.body();
  auto add = [&](const Node& range_var, LockMode lock, bool long_running) {
    if (range_var)
      out.push_back({qualified_name(range_var), lock, long_running});
  };
  if (kind == "IndexStmt") {
    add(body["relation"],
        body.boolean("concurrent") ? LockMode::ShareUpdateExclusive : LockMode::Share, true);
  } else if (kind == "AlterTableStmt") {
    LockMode lock = LockMode::AccessShare;
    bool scans = false;
    for (const Node& c : body.list("cmds")) {
      Node cmd = c.as("AlterTableCmd");
      lock = std::max(lock, alter_table_command_lock(cmd));
      if (cmd.str("subtype") == "AT_ValidateConstraint")
        scans = true;
      if (Node con = cmd["def"].as("Constraint")) {
        add_foreign_key_targets(con, out);
        if (!con.boolean("skip_validation") &&
            (con.str("contype") == "CONSTR_FOREIGN" || con.str("contype") == "CONSTR_CHECK"))
          scans = true;
      }
    }
    add(body["relation"], lock, scans);
  } else if (kind == "DropStmt") {
    std::string_view type = body.str("removeType");
    if (type != "OBJECT_TABLE" && type != "OBJECT_INDEX" && type != "OBJECT_MATVIEW" &&
        type != "OBJECT_VIEW")
      return out;
    LockMode lock =
        body.boolean("concurrent") ? LockMode::ShareUpdateExclusive : LockMode::AccessExclusive;
    for (const Node& object : body.list("objects"))
      if (Node names = object.as("List"))
        out.push_back({qualified_name(names.names("items")), lock, false});
  } else if (kind == "TruncateStmt") {
    for (const Node& rv : body.list("relations"))
      add(rv.as("RangeVar"), LockMode::AccessExclusive, false);
  } else if (kind == "ReindexStmt") {
    bool concurrent = false;
    for (const Node& p : body.list("params"))
      if (p.as("DefElem").str("defname") == "concurrently")
        concurrent = true;
    LockMode lock = concurrent                                   ? LockMode::ShareUpdateExclusive
                    : body.str("kind") == "REINDEX_OBJECT_INDEX" ? LockMode::AccessExclusive
                                                                 : LockMode::Share;
    add(body["relation"], lock, true);
  } else if (kind == "CreateTrigStmt") {
    add(body["relation"], LockMode::ShareRowExclusive, false);
  } else if (kind == "RenameStmt") {
    add(body["relation"], LockMode::AccessExclusive, false);
  } else if (kind == "ClusterStmt") {
    add(body["relation"], LockMode::AccessExclusive, true);
  } else if (kind == "VacuumStmt") {
    bool full = false;
    for (const Node& o : body.list("options"))
      if (o.as("DefElem").str("defname") == "full")
        full = true;
    if (full)
      for (const Node& r : body.list("rels"))
        add(r.as("VacuumRelation")["relation"], LockMode::AccessExclusive, true);
  } else if (kind == "RefreshMatViewStmt") {
    add(body["relation"],
        body.boolean("concurrent") ? LockMode::Exclusive : LockMode::AccessExclusive, true);
  } else if (kind == "LockStmt") {
    for (const Node& rv : body.list("relations"))
      add(rv.as("RangeVar"), lock_from_number(body.integer("mode", 8)), false);
  } else if (kind == "CreatePolicyStmt" || kind == "AlterPolicyStmt") {
    add(body["table"], LockMode::AccessExclusive, false);
  } else if (kind == "CreateStmt") {
    for (const Node& elt : body.list("tableElts")) {
      if (Node con = elt.as("Constraint"))
        add_foreign_key_targets(con, out);
      if (Node col = elt.as("ColumnDef"))
        for (const Node& c : col.list("constraints"))
          add_foreign_key_targets(c.as("Constraint"), out);
    }
  } else if (kind == "UpdateStmt" || kind == "DeleteStmt" || kind == "InsertStmt" ||
             kind == "MergeStmt") {
    add(body["relation"], LockMode::RowExclusive, is_backfill(root));
  }
  return out;
}

} // namespace

std::vector<LockedRelation> locks_on_existing(const RuleInput& in) {
  std::vector<LockedRelation> all;
  if (!in.effects.empty()) {
    for (const Effect& e : in.effects)
      if (!e.creates)
        all.push_back({e.relation, e.lock, e.rewrite || e.scan});
  } else {
    all = locks_by_kind(in.root);
  }
  std::erase_if(all, [&](const LockedRelation& l) { return in.context.is_new(l.relation); });
  return all;
}

LockMode strongest(const std::vector<LockedRelation>& locks) {
  LockMode out = LockMode::AccessShare;
  for (const LockedRelation& l : locks)
    out = std::max(out, l.lock);
  return out;
}

bool is_backfill(const Node& root) {
  std::string_view kind = root.kind();
  if (kind == "UpdateStmt" || kind == "DeleteStmt" || kind == "MergeStmt")
    return true;
  if (kind == "InsertStmt") {
    // INSERT ... SELECT ... FROM copies rows; INSERT ... VALUES adds a handful.
    Node select = root.body()["selectStmt"].as("SelectStmt");
    return select && !select.list("fromClause").empty();
  }
  return false;
}

} // namespace pgdrydock::rules
