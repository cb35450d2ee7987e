// What PostgreSQL does to a relation when it runs a statement: the lock it takes, whether the
// table or its indexes are rewritten, whether the table is scanned. Lint predicts effects;
// simulate observes them; a mismatch is a bug in the model.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgdrydock {

// Table-level lock modes in increasing strength (PostgreSQL docs, "Explicit Locking").
enum class LockMode {
  AccessShare,          // SELECT
  RowShare,             // SELECT FOR UPDATE/SHARE
  RowExclusive,         // INSERT/UPDATE/DELETE
  ShareUpdateExclusive, // VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT
  Share,                // CREATE INDEX
  ShareRowExclusive,    // CREATE TRIGGER, ADD FOREIGN KEY
  Exclusive,            // REFRESH MATERIALIZED VIEW CONCURRENTLY
  AccessExclusive,      // most ALTER TABLE, DROP, TRUNCATE, VACUUM FULL, CLUSTER
};

// "AccessShareLock" ... "AccessExclusiveLock", exactly as pg_locks.mode spells them.
const char* pg_lock_name(LockMode mode);
std::optional<LockMode> lock_from_pg_name(std::string_view name);
// Does a lock of mode `held` conflict with a request for `wanted`? (the conflict table)
bool lock_conflicts(LockMode held, LockMode wanted);
// Plain SELECT (AccessShare) waits behind it.
bool blocks_reads(LockMode mode);
// INSERT/UPDATE/DELETE (RowExclusive) wait behind it.
bool blocks_writes(LockMode mode);

enum class RelationKind { Table, Index, Sequence, View, MaterializedView, Unknown };
const char* to_string(RelationKind kind);

struct Effect {
  std::string relation; // schema-qualified: "public.orders"
  RelationKind kind = RelationKind::Table;
  LockMode lock = LockMode::AccessShare;
  bool rewrite = false; // the relation's data is rewritten (new relfilenode)
  bool scan = false;    // the whole table is read (validation, index build)
  bool creates = false; // the statement creates this relation (it is new and empty)
  std::string note;     // why, when not obvious: "volatile default rewrites the table"
  // Why a relation other than the statement's own target is locked, in a few words ("index's
  // table", "referenced table", "partition", "cascade", "view base table", "domain user",
  // "read by the query", "new index"...); empty for the target itself.
  std::string why;
};

// What the whole statement implies beyond per-relation effects.
struct StatementTraits {
  bool transaction_control = false;       // BEGIN/COMMIT/ROLLBACK/SAVEPOINT...
  bool cannot_run_in_transaction = false; // CONCURRENTLY, VACUUM, ALTER SYSTEM, ...
  bool concurrent = false;                // a CONCURRENTLY form (lint/effects: is_concurrent)
  bool data_change = false;               // INSERT/UPDATE/DELETE/COPY/MERGE
};

} // namespace pgdrydock
