// Placeholder entry points; the full lock model is being written in lint/effects/.
#include "lint/effects/predict.h"

namespace pgdrydock {

std::vector<Effect> predict_effects(const Node& root, const EffectContext&) {
  std::vector<Effect> out;
  if (Node idx = root.as("IndexStmt")) {
    Effect e;
    e.relation = qualified_name(idx["relation"]);
    e.lock = idx.boolean("concurrent") ? LockMode::ShareUpdateExclusive : LockMode::Share;
    e.scan = true;
    out.push_back(e);
  }
  return out;
}

StatementTraits statement_traits(const Node& root, const EffectContext&) {
  StatementTraits t;
  t.transaction_control = root.kind() == "TransactionStmt";
  if (Node idx = root.as("IndexStmt")) t.cannot_run_in_transaction = idx.boolean("concurrent");
  return t;
}

} // namespace pgdrydock
