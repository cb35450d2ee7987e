#include "rules/statement_locks.h"

#include <algorithm>

#include "lint/effects/predict.h"

namespace pgdrydock::rules {

std::vector<LockedRelation> locks_on_existing(const RuleInput& in) {
  std::vector<LockedRelation> all;
  for (const Effect& e : in.effects)
    if (!e.creates && !in.context.is_new(e.relation) && !lock_holds_no_one_up(in.root, e))
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
