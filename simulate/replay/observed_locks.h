// What one replayed statement did to the relations of its database, from two reads of the
// replaying session's state (its granted relation locks and the user's relations with their
// relfilenodes), one before and one after the statement: the relations it newly locked or
// rewrote (StatementObservation::observed) and every relation its session holds a lock on
// afterwards, with the strongest mode held and the one the statement acquired itself
// (StatementObservation::locks).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lint/effect.h"
#include "simulate/result/simulation_result.h"

namespace pgdrydock {

struct RelationInfo {
  std::string name; // schema.relation
  char kind = 'r';  // pg_class.relkind
  std::string filenode;
  std::string owner_oid; // an index's table, an owned sequence's table ("" for others)
};
using RelationMap = std::map<std::string, RelationInfo>;      // by oid
using LockSet = std::map<std::string, std::set<std::string>>; // oid -> pg_locks modes

// The strongest of pg_locks mode names (none when no name is a table lock mode).
std::optional<LockMode> strongest(const std::set<std::string>& modes);

// "table", "index", "sequence", "view" or "materialized view" for a relkind.
const char* relation_kind_word(char relkind);

struct LockObservation {
  std::map<std::string, ObservedRelation> observed; // by name: new locks and rewrites
  std::vector<HeldRelation> locks;                  // by name: every relation held after it
};

// `held_before`: the session's locks before the statement (empty outside a transaction);
// `held_after`: after it (or what sampling saw while it ran). Relations that are neither in
// `before` nor in `now` (catalogs, other databases) are left out.
LockObservation observe_locks(const RelationMap& before, const RelationMap& now,
                              const LockSet& held_before, const LockSet& held_after);

} // namespace pgdrydock
