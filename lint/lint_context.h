// The state of a script as it runs, statement by statement: what every rule may consult.
// The driver updates it after each statement (lint/context_tracker.cpp).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lint/effect.h"
#include "lint/migration.h"
#include "lint/source_file.h"

namespace pgdrydock {

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

  // Strong locks taken earlier in the current transaction and still held.
  std::vector<HeldLock> held_locks;

  bool is_new(const std::string& relation) const { return created_relations.count(relation) > 0; }
};

} // namespace pgdrydock
