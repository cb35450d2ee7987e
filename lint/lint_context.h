// The state of a script as it runs, statement by statement: what every rule may consult.
// The driver updates it after each statement (lint/context_tracker.cpp).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lint/effect.h"
#include "lint/migration.h"
#include "lint/source_file.h"

namespace pgdrydock {

class Catalog; // lint/catalog/catalog.h

enum class Direction { Up, Down };
const char* to_string(Direction d);

struct HeldLock {
  std::string relation;
  LockMode lock = LockMode::AccessShare;
  SourceLocation taken_at;
};

struct LintContext {
  int pg_version = 15;
  const Migration* migration = nullptr;
  // The schema as it stands before this statement (lint/catalog/): replayed from the earlier
  // migrations' up scripts (or a --schema dump) and this script's statements so far. nullptr
  // when the driver runs without a catalog. Check catalog->trusted before concluding that
  // something does not exist.
  const Catalog* catalog = nullptr;
  Direction direction = Direction::Up;
  TransactionMode mode = TransactionMode::Autocommit;

  // Transaction state before the statement.
  bool in_transaction = false;       // the statement runs inside a transaction block
  bool explicit_transaction = false; // opened by BEGIN in the SQL (not by the runner)
  int statements_in_transaction = 0; // statements already run in the current transaction

  // Relations created earlier in this migration's script: new and empty, no locking risk.
  std::set<std::string> created_relations;
  // Constraints added NOT VALID earlier in the current transaction: relation -> names.
  std::map<std::string, std::set<std::string>> not_valid_constraints_in_transaction;

  // Timeouts set so far by SET / SET LOCAL (milliseconds; 0 means disabled).
  std::optional<long long> lock_timeout_ms;
  std::optional<long long> statement_timeout_ms;
  // TimeZone set so far by SET [LOCAL] TIME ZONE / timezone; empty: the server's default.
  std::optional<std::string> time_zone;

  // A CHECK (col IS NOT NULL) constraint (see not_null_checks).
  struct NotNullCheck {
    std::string column;
    bool validated = false;
  };

  // What a transaction's end restores. PostgreSQL undoes SET LOCAL at COMMIT and ROLLBACK,
  // undoes plain SET at ROLLBACK only, and a ROLLBACK also undoes the relations and
  // constraints the transaction created.
  struct Timeouts {
    std::optional<long long> lock_ms;
    std::optional<long long> statement_ms;
    std::optional<std::string> time_zone; // session state restored the same way
  };
  Timeouts timeouts_after_commit; // what plain SET left: in force once the transaction commits
  Timeouts timeouts_at_begin;     // in force when the transaction began: back after ROLLBACK
  struct RolledBackState {
    std::set<std::string> created_relations;
    std::map<std::string, std::map<std::string, NotNullCheck>> not_null_checks;
  };
  RolledBackState state_at_begin; // created_relations / not_null_checks when it began

  // Strong locks taken earlier in the current transaction and still held.
  std::vector<HeldLock> held_locks;

  // Statements so far in this script that locked a relation that existed before the migration
  // in SHARE mode or stronger while no lock_timeout was in force (from the predicted effects).
  // missing-lock-timeout reports only the first of them.
  int strong_locks_without_lock_timeout = 0;

  // CHECK (col IS NOT NULL) constraints added earlier in this script: from PostgreSQL 12,
  // SET NOT NULL skips its full scan when a validated one exists.
  // relation -> constraint name (PostgreSQL's default name when unnamed) -> state.
  std::map<std::string, std::map<std::string, NotNullCheck>> not_null_checks;

  bool is_new(const std::string& relation) const { return created_relations.count(relation) > 0; }
  bool has_validated_not_null_check(const std::string& relation, std::string_view column) const {
    auto it = not_null_checks.find(relation);
    if (it == not_null_checks.end())
      return false;
    for (const auto& [name, check] : it->second)
      if (check.validated && check.column == column)
        return true;
    return false;
  }
};

} // namespace pgdrydock
