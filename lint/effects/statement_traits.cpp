// What a statement implies beyond its locks: transaction control, whether PostgreSQL refuses
// to run it inside a transaction block (PreventInTransactionBlock callers), data changes.
#include "lint/effects/predict.h"

namespace pgdrydock {
namespace {

bool cannot_run_in_transaction(const Node& root, const EffectContext& ctx) {
  // Every CONCURRENTLY form but REFRESH MATERIALIZED VIEW's commits in steps of its own.
  if (root.kind() != "RefreshMatViewStmt" && is_concurrent(root))
    return true;
  if (Node s = root.as("ReindexStmt")) {
    std::string_view kind = s.str("kind");
    return kind == "REINDEX_OBJECT_SYSTEM" || kind == "REINDEX_OBJECT_DATABASE";
  }
  if (root.kind() == "IndexStmt" || root.kind() == "DropStmt" || root.kind() == "AlterTableStmt")
    return false;
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

bool is_concurrent(const Node& root) {
  Node body = root.body();
  std::string_view kind = root.kind();
  if (kind == "IndexStmt" || kind == "DropStmt" || kind == "RefreshMatViewStmt")
    return body.boolean("concurrent");
  if (kind == "ReindexStmt") {
    for (const Node& p : body.list("params"))
      if (p.as("DefElem").str("defname") == "concurrently")
        return true;
    return false;
  }
  if (kind == "AlterTableStmt")
    for (const Node& c : body.list("cmds")) {
      Node cmd = c.as("AlterTableCmd");
      if (cmd.str("subtype") == "AT_DetachPartition" &&
          cmd["def"].as("PartitionCmd").boolean("concurrent"))
        return true;
    }
  return false;
}

StatementTraits statement_traits(const Node& root, const EffectContext& ctx) {
  StatementTraits t;
  std::string_view kind = root.kind();
  t.transaction_control = kind == "TransactionStmt";
  t.concurrent = is_concurrent(root);
  t.cannot_run_in_transaction = cannot_run_in_transaction(root, ctx);
  t.data_change = kind == "InsertStmt" || kind == "UpdateStmt" || kind == "DeleteStmt" ||
                  kind == "MergeStmt" || (kind == "CopyStmt" && root.body().boolean("is_from"));
  return t;
}

} // namespace pgdrydock
