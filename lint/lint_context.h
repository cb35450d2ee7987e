// The state of a script as it runs, statement by statement: what every rule may consult.
// The driver updates it after each statement (lint/context_tracker.cpp).
#pragma once

#include <optional>
#include <set>
#include <string>

#include "lint/effect.h"
#include "lint/migration.h"
#include "lint/source_file.h"

namespace pgdrydock {

class Catalog; // lint/catalog/catalog.h

enum class Direction { Up, Down };
const char* to_string(Direction d);

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

  // Timeouts set so far by SET / SET LOCAL (milliseconds; 0 means disabled).
  std::optional<long long> lock_timeout_ms;
  std::optional<long long> statement_timeout_ms;
  // TimeZone set so far by SET [LOCAL] TIME ZONE / timezone; empty: the server's default.
  std::optional<std::string> time_zone;

  // What a transaction's end restores. PostgreSQL undoes SET LOCAL at COMMIT and ROLLBACK,
  // undoes plain SET at ROLLBACK only, and a ROLLBACK also undoes the relations the
  // transaction created.
  struct Timeouts {
    std::optional<long long> lock_ms;
    std::optional<long long> statement_ms;
    std::optional<std::string> time_zone; // session state restored the same way
  };
  Timeouts timeouts_after_commit; // what plain SET left: in force once the transaction commits
  Timeouts timeouts_at_begin;     // in force when the transaction began: back after ROLLBACK
  std::set<std::string> created_relations_at_begin; // created_relations when it began

  // What a single rule remembers across statements (locks still held, constraints added NOT
  // VALID, CHECK (col IS NOT NULL) constraints, ...) is not kept here: the rule keeps it in its
  // own ScriptState (lint/rule_state.h), made fresh for every script.

  bool is_new(const std::string& relation) const { return created_relations.count(relation) > 0; }
};

} // namespace pgdrydock
