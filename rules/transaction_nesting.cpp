// transaction-nesting: BEGIN, START TRANSACTION, COMMIT or ROLLBACK written in a migration that
// its runner already wraps in a transaction (Flyway, sqlx, Diesel, dbmate, Alembic, ... as the
// layout says: Script::mode). PostgreSQL only warns about the BEGIN ("there is already a
// transaction in progress"), but the COMMIT ends the runner's transaction early: what follows
// runs outside it, a failure no longer rolls back what came before, and the runner's own
// COMMIT then finds no transaction. A ROLLBACK throws away the migration's work while the
// runner records it as applied. golang-migrate's one multi-statement query is not such a
// wrapper: BEGIN/COMMIT there is how a file asks for one transaction, so it is not reported.
// Nor is Alembic: the COMMIT/BEGIN in its rendered SQL come from autocommit_block().
#include <fmt/format.h>

#include "lint/rule.h"
#include "rules/outside_transaction.h"

namespace pgdrydock {
namespace {

class TransactionNesting : public Rule {
public:
  std::string_view id() const override { return "transaction-nesting"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "BEGIN/COMMIT/ROLLBACK inside a migration its runner already wraps in a transaction";
  }
  std::vector<std::string_view> statement_kinds() const override { return {"TransactionStmt"}; }

  void check(const RuleInput& in, FindingSink& out) const override {
    if (in.context.mode != TransactionMode::RunnerWrapped)
      return;
    // Alembic renders its own COMMIT/BEGIN around an autocommit_block(): the runner's
    // documented way out of its transaction, not SQL the user wrote.
    if (in.context.migration && in.context.migration->layout == Layout::Alembic)
      return;
    std::string_view kind = in.body.str("kind");
    std::string runner = in.context.migration && !in.context.migration->runner.empty()
                             ? in.context.migration->runner
                             : std::string("the migration runner");
    std::string wrap = fmt::format("{} already runs this migration in a transaction", runner);
    std::string message;
    if (kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START")
      message = fmt::format(
          "{}: {} does nothing but warn (\"there is already a transaction in progress\"), and "
          "the COMMIT that usually follows it ends the runner's transaction early",
          wrap, kind == "TRANS_STMT_BEGIN" ? "BEGIN" : "START TRANSACTION");
    else if (kind == "TRANS_STMT_COMMIT")
      message = fmt::format(
          "{}: this COMMIT ends it early, so the statements after it run outside any "
          "transaction (a failure no longer rolls back what came before) and the runner's own "
          "COMMIT finds no transaction",
          wrap);
    else if (kind == "TRANS_STMT_ROLLBACK")
      message = fmt::format("{}: this ROLLBACK throws away the migration's work so far, and the "
                            "runner still records the migration as applied",
                            wrap);
    else
      return; // SAVEPOINT, RELEASE, ROLLBACK TO: nest correctly inside the runner's transaction
    const Migration* m = in.context.migration;
    const Script* script = !m                                      ? nullptr
                           : in.context.direction == Direction::Up ? &m->up
                           : m->down                               ? &*m->down
                                                                   : nullptr;
    if (script && !script->mode_reason.empty())
      message += " (" + script->mode_reason + ")";
    // The advice for the runner itself, not for the BEGIN block this statement may be in.
    LintContext runner_view = in.context;
    runner_view.explicit_transaction = false;
    out.add(finding(in, std::move(message),
                    "Remove BEGIN/COMMIT/ROLLBACK from the migration: the runner opens and "
                    "commits the transaction. For statements that must run outside a "
                    "transaction: " +
                        rules::how_to_run_outside_transaction(runner_view)));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(TransactionNesting)
} // namespace pgdrydock
