// concurrent-index-in-transaction: CREATE INDEX / DROP INDEX / REINDEX / DETACH PARTITION with
// CONCURRENTLY inside a transaction block. PostgreSQL refuses it at run time ("... cannot run
// inside a transaction block"), so the migration fails on deploy, whoever opened the block: the
// SQL (BEGIN), the runner (wrapping), or a multi-statement query (golang-migrate).
#include "lint/rule.h"
#include "rules/outside_transaction.h"

namespace pgdrydock {
namespace {

// "CREATE INDEX CONCURRENTLY", as PostgreSQL names the command in its error; "" when the
// statement has no CONCURRENTLY.
// Whether it is concurrent is the effect model's call (StatementTraits::concurrent).
std::string concurrent_command(const RuleInput& in) {
  if (!in.traits.concurrent)
    return {};
  std::string_view kind = in.root.kind();
  if (kind == "IndexStmt")
    return "CREATE INDEX CONCURRENTLY";
  if (kind == "DropStmt")
    return "DROP INDEX CONCURRENTLY";
  if (kind == "ReindexStmt")
    return "REINDEX CONCURRENTLY";
  if (kind == "AlterTableStmt")
    return "ALTER TABLE ... DETACH CONCURRENTLY";
  return {};
}

class ConcurrentIndexInTransaction : public Rule {
public:
  std::string_view id() const override { return "concurrent-index-in-transaction"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "CONCURRENTLY inside a transaction block fails at run time";
  }
  std::vector<std::string_view> statement_kinds() const override {
    return {"IndexStmt", "DropStmt", "ReindexStmt", "AlterTableStmt"};
  }

  void check(const RuleInput& in, FindingSink& out) const override {
    if (!in.context.in_transaction)
      return;
    std::string command = concurrent_command(in);
    if (command.empty())
      return;
    // A multi-statement query opens an implicit block only when it holds more than one
    // statement: alone in its file, the statement runs outside any transaction.
    if (in.context.mode == TransactionMode::ImplicitMulti && !in.context.explicit_transaction &&
        rules::statements_in_script(in.context) <= 1)
      return;
    std::string message = command + " cannot run inside a transaction block, and " +
                          rules::transaction_block_reason(in.context) +
                          ": PostgreSQL rejects it with \"" + command +
                          " cannot run inside a transaction block\" and the migration fails";
    if (in.context.mode == TransactionMode::ImplicitMulti && !in.context.explicit_transaction)
      message += " (golang-migrate: CONCURRENTLY works only alone in its file)";
    out.add(finding(in, std::move(message), rules::how_to_run_outside_transaction(in.context)));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(ConcurrentIndexInTransaction)
} // namespace pgdrydock
