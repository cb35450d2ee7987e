// The lock column of the simulation reports (text, Markdown, HTML): the lock that matters to
// the application first, the strongest mode the replaying session holds after the statement
// on a relation that existed before it (DROP TABLE documents shows documents, CREATE INDEX
// its table's ShareLock, not the new index), then the other relations, one line each.
#pragma once

#include <string>
#include <vector>

#include "lint/lint_result.h"

namespace pgdrydock {

struct LockColumn {
  // "ShareLock public.orders", "AccessExclusiveLock public.a (held from an earlier statement)",
  // "-" when no existing relation is locked.
  std::string main;
  // The other relations, strongest first; created ones marked "(created)". Indexes and owned
  // sequences of a relation shown are left out: they follow their table.
  std::vector<std::string> others;
  bool rewrite = false; // some relation's file changed
};

LockColumn lock_column(const StatementResult& statement);

// "model disagrees: predicted X, observed Y on T", one per disagreement of the statement.
std::vector<std::string> disagreement_lines(const StatementObservation& measured);

} // namespace pgdrydock
