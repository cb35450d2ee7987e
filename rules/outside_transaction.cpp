#include "rules/outside_transaction.h"

#include "lint/sql_parser.h"

namespace pgdrydock::rules {
namespace {

const Script* current_script(const LintContext& context) {
  if (!context.migration)
    return nullptr;
  if (context.direction == Direction::Down)
    return context.migration->down ? &*context.migration->down : nullptr;
  return &context.migration->up;
}

} // namespace

int statements_in_script(const LintContext& context) {
  const Script* script = current_script(context);
  return script ? static_cast<int>(split_statements(script->text()).size()) : 0;
}

std::string transaction_block_reason(const LintContext& context) {
  if (!context.in_transaction)
    return {};
  if (context.explicit_transaction)
    return "it runs inside the BEGIN ... COMMIT block the script opens";
  const Script* script = current_script(context);
  std::string why = script && !script->mode_reason.empty() ? " (" + script->mode_reason + ")" : "";
  if (context.mode == TransactionMode::ImplicitMulti)
    return "the runner sends the whole file as one multi-statement query" + why +
           ", which PostgreSQL runs as one implicit transaction";
  if (context.mode == TransactionMode::RunnerWrapped)
    return "the migration runner wraps the migration in a transaction" + why;
  return "it runs inside a transaction block";
}

std::string how_to_run_outside_transaction(const LintContext& context) {
  if (context.explicit_transaction)
    return "Move it after the COMMIT (or drop the BEGIN/COMMIT around it).";
  std::string runner = context.migration ? context.migration->runner : std::string();
  if (context.mode == TransactionMode::ImplicitMulti || runner == "golang-migrate")
    return "Put the statement alone in a migration file of its own: PostgreSQL runs a "
           "single-statement query outside any transaction block.";
  if (runner == "diesel")
    return "Move it to its own migration with `run_in_transaction = false` in metadata.toml.";
  if (runner == "sqlx")
    return "Move it to its own migration whose first line is `-- no-transaction`.";
  if (runner == "dbmate")
    return "Move it to its own migration with `-- migrate:up transaction:false`.";
  if (runner == "flyway")
    return "Move it to its own migration: Flyway then runs it without a transaction (mixing it "
           "with other statements needs `mixed = true` and gives up atomicity).";
  if (context.mode == TransactionMode::RunnerWrapped)
    return "Move it to a migration the runner executes without a transaction.";
  return "Run it outside any BEGIN ... COMMIT block.";
}

} // namespace pgdrydock::rules
