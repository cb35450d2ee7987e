// What a statement implies beyond its locks: transaction control, whether PostgreSQL refuses
// to run it inside a transaction block (PreventInTransactionBlock callers), data changes.
#include "lint/effects/predict.h"

namespace pgdrydock {
namespace {

bool has_concurrently_option(const Node& stmt) {
  for (const Node& p : stmt.list("params"))
    if (p.as("DefElem").str("defname") == "concurrently")
      return true;
  return false;
}

bool cannot_run_in_transaction(const Node& root, const EffectContext& ctx) {
  if (Node s = root.as("IndexStmt"))
    return s.boolean("concurrent");
  if (Node s = root.as("DropStmt"))
    return s.boolean("concurrent");
  if (Node s = root.as("ReindexStmt")) {
    std::string_view kind = s.str("kind");
    return has_concurrently_option(s) || kind == "REINDEX_OBJECT_SYSTEM" ||
           kind == "REINDEX_OBJECT_DATABASE";
  }
  if (Node s = root.as("AlterTableStmt")) {
    for (const Node& c : s.list("cmds")) {
      Node cmd = c.as("AlterTableCmd");
      if (cmd.str("subtype") == "AT_DetachPartition" &&
          cmd["def"].as("PartitionCmd").boolean("concurrent"))
        return true;
    }
    return false;
  }
  if (Node s = root.as("VacuumStmt"))
    return s.boolean("is_vacuumcmd"); // ANALYZE alone may
  if (Node s = root.as("ClusterStmt"))
    return !s.has("relation"); // CLUSTER of everything
  if (Node s = root.as("AlterEnumStmt"))
    // ADD VALUE inside a transaction block is allowed from PostgreSQL 12.
    return ctx.pg_version < 12 && !s.str("newVal").empty() && s.str("oldVal").empty();
  if (Node s = root.as("AlterDatabaseStmt")) {
    for (const Node& o : s.list("options"))
      if (o.as("DefElem").str("defname") == "tablespace")
        return true;
    return false;
  }
  // DISCARD ALL resets the whole session, so PostgreSQL refuses it inside a transaction block.
  if (Node s = root.as("DiscardStmt"))
    return s.str("target") == "DISCARD_ALL";
  std::string_view kind = root.kind();
  return kind == "CreatedbStmt" || kind == "DropdbStmt" || kind == "AlterSystemStmt" ||
         kind == "CreateTableSpaceStmt" || kind == "DropTableSpaceStmt" ||
         kind == "CreateSubscriptionStmt" || kind == "DropSubscriptionStmt";
}

} // namespace

StatementTraits statement_traits(const Node& root, const EffectContext& ctx) {
  StatementTraits t;
  std::string_view kind = root.kind();
  t.transaction_control = kind == "TransactionStmt";
  t.cannot_run_in_transaction = cannot_run_in_transaction(root, ctx);
  t.data_change = kind == "InsertStmt" || kind == "UpdateStmt" || kind == "DeleteStmt" ||
                  kind == "MergeStmt" || (kind == "CopyStmt" && root.body().boolean("is_from"));
  return t;
}

} // namespace pgdrydock
