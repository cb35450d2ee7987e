// The lock model: for one parsed statement, the relations it locks and how (see lint/effect.h).
// Facts come from PostgreSQL 15's documentation and source (AlterTableGetLockLevel in
// tablecmds.c, lock levels of each command) and are checked against a real server in
// tests/lockmodel.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "lint/effect.h"
#include "lint/parse_node.h"

namespace pgdrydock {

struct EffectContext {
  int pg_version = 15; // target major version: 10 .. 17
  // Relations created earlier in the same migration: new and empty.
  const std::set<std::string>* created_relations = nullptr;
};

// root: the statement node as ParseSession returns it ({"AlterTableStmt": {...}}).
std::vector<Effect> predict_effects(const Node& root, const EffectContext& ctx);
StatementTraits statement_traits(const Node& root, const EffectContext& ctx);

} // namespace pgdrydock
