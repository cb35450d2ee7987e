#include "rules/statement_locks.h"

#include <algorithm>

namespace pgdrydock::rules {
namespace {

// DROP INDEX CONCURRENTLY takes ACCESS EXCLUSIVE on the index only in its last step, once the
// index is invalid and no query uses it: nothing queues behind that lock.
bool harmless(const RuleInput& in, const Effect& e) {
  return e.kind == RelationKind::Index && in.root.kind() == "DropStmt" &&
         in.body.boolean("concurrent");
}

} // namespace

std::vector<LockedRelation> locks_on_existing(const RuleInput& in) {
  std::vector<LockedRelation> all;
  for (const Effect& e : in.effects)
    if (!e.creates && !in.context.is_new(e.relation) && !harmless(in, e))
      all.push_back({e.relation, e.lock, e.rewrite || e.scan});
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
