#include "rules/held_locks.h"

#include "lint/context_tracker.h"

namespace pgdrydock::rules {

bool ends_transaction(const Node& root) {
  if (root.kind() != "TransactionStmt")
    return false;
  std::string_view k = root.body().str("kind");
  return k == "TRANS_STMT_COMMIT" || k == "TRANS_STMT_ROLLBACK" ||
         k == "TRANS_STMT_COMMIT_PREPARED" || k == "TRANS_STMT_PREPARE";
}

void HeldLocks::seen(const StatementSeen& seen) {
  const LintContext& before = seen.context;
  std::string_view kind = seen.root.kind();
  if (kind == "TransactionStmt") {
    if (ends_transaction(seen.root))
      locks_.clear();
    return; // BEGIN takes no lock
  }
  // Outside a transaction block the statement committed on its own and released its locks.
  if (!before.in_transaction) {
    locks_.clear();
    return;
  }
  // A relation this transaction drops is gone once it commits; the application no longer uses
  // it (or the drop would break it regardless), so its lock holds no one up. A relation created
  // in this migration (or by this very statement) is new and empty.
  if (kind == "DropStmt")
    return;
  std::set<std::string> created = relations_created_by(before, seen.root, seen.effects);
  for (const Effect& e : seen.effects) {
    if (e.creates || before.is_new(e.relation) || created.count(e.relation))
      continue;
    if (e.lock >= LockMode::ShareUpdateExclusive)
      locks_.push_back({e.relation, e.lock, seen.statement.location});
  }
}

const HeldLock* HeldLocks::access_exclusive() const {
  for (const HeldLock& h : locks_)
    if (h.lock == LockMode::AccessExclusive)
      return &h;
  return nullptr;
}

} // namespace pgdrydock::rules
