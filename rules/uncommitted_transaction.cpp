// uncommitted-transaction: a BEGIN (or START TRANSACTION) that no COMMIT or ROLLBACK closes by
// the end of the script. psql ends the session at the end of the file and the server rolls the
// open transaction back: the migration's changes vanish while psql still exits 0 and the
// runner records the migration as applied. golang-migrate leaves the transaction open on its
// connection instead. In a migration its runner wraps in a transaction, the runner's COMMIT
// closes it (transaction-nesting reports the BEGIN there), so that case is left alone.
// Reported on the script's last statement, which is where the COMMIT is missing.
#include <fmt/format.h>

#include "lint/rule.h"
#include "rules/held_locks.h"
#include "rules/outside_transaction.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

// Where the explicit transaction still open was begun, and the script's statement count, which
// is counted once per script and only when a BEGIN is open (a second split of the script).
class State : public ScriptState {
public:
  void seen(const StatementSeen& s) override {
    if (rules::begins_transaction(s.root) && !s.context.explicit_transaction)
      begin_line = s.statement.location.line;
  }
  int begin_line = 0;
  int statements = -1; // -1: not counted yet
};

class UncommittedTransaction : public Rule {
public:
  std::string_view id() const override { return "uncommitted-transaction"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "A BEGIN without a COMMIT by the end of the script: its changes are rolled back";
  }
  std::unique_ptr<ScriptState> new_script_state() const override {
    return std::make_unique<State>();
  }

  void check(const RuleInput& in, FindingSink& out) const override {
    if (in.context.mode == TransactionMode::RunnerWrapped)
      return;
    bool open_after = rules::begins_transaction(in.root) ||
                      (in.context.explicit_transaction && !rules::ends_transaction(in.root));
    if (!open_after)
      return;
    State& state = state_of<State>(in);
    if (state.statements < 0)
      state.statements = rules::statements_in_script(in.context);
    if (in.statement.index + 1 != state.statements)
      return;
    int begin_line =
        rules::begins_transaction(in.root) ? in.statement.location.line : state.begin_line;
    std::string fate =
        in.context.mode == TransactionMode::ImplicitMulti
            ? "the runner's connection is left inside the open transaction, and what it does next "
              "(recording the migration as applied) is lost with it when the session ends"
            : "psql ends the session at the end of the file, the server rolls the transaction "
              "back, and psql still exits 0: the migration looks applied but changed nothing";
    out.add(finding(in,
                    fmt::format("the script ends inside the transaction opened by BEGIN at line "
                                "{}, which no COMMIT closes: {}",
                                begin_line, fate),
                    "End the script with COMMIT; (or drop the BEGIN and let each statement "
                    "commit on its own)."));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(UncommittedTransaction)
} // namespace pgdrydock
