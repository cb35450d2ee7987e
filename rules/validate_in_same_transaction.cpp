// validate-in-same-transaction: VALIDATE CONSTRAINT in the transaction that added the
// constraint NOT VALID. The lock the ADD took (ACCESS EXCLUSIVE for a CHECK, SHARE ROW
// EXCLUSIVE for a foreign key) is held until COMMIT, so the validation scan runs under it and
// NOT VALID bought nothing.
#include <map>
#include <set>

#include "lint/rule.h"
#include "rules/held_locks.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

// What the rule remembers across the statements of a script: the locks the current transaction
// holds and the constraints it added NOT VALID (relation -> names).
class TransactionState : public ScriptState {
public:
  rules::HeldLocks held;
  std::map<std::string, std::set<std::string>> not_valid;

  void seen(const StatementSeen& seen) override {
    held.seen(seen);
    std::string_view kind = seen.root.kind();
    if (kind == "TransactionStmt") {
      if (rules::ends_transaction(seen.root))
        not_valid.clear();
      return;
    }
    // Outside a transaction block the statement is a transaction of its own, over already.
    if (!seen.context.in_transaction) {
      not_valid.clear();
      return;
    }
    if (kind != "AlterTableStmt")
      return;
    Node body = seen.root.body();
    std::string rel = qualified_name(body["relation"]);
    for (const Node& cmd : body.list("cmds")) {
      Node c = cmd.as("AlterTableCmd");
      if (c.str("subtype") != "AT_AddConstraint")
        continue;
      Node con = c["def"].as("Constraint");
      if (con && con.boolean("skip_validation"))
        not_valid[rel].insert(std::string(con.str("conname")));
    }
  }
};

class ValidateInSameTransaction : public Rule {
public:
  std::string_view id() const override { return "validate-in-same-transaction"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "VALIDATE CONSTRAINT in the transaction that added it NOT VALID keeps the strong lock "
           "during the scan";
  }
  std::vector<std::string_view> statement_kinds() const override { return {"AlterTableStmt"}; }

  std::unique_ptr<ScriptState> new_script_state() const override {
    return std::make_unique<TransactionState>();
  }

  void check(const RuleInput& in, FindingSink& out) const override {
    std::string relation = qualified_name(in.body["relation"]);
    if (!rules::is_existing(in.context, relation))
      return;
    // Added NOT VALID earlier in this transaction, or earlier in this very statement (one
    // ALTER TABLE is always one transaction).
    std::set<std::string> added;
    const auto& earlier = state_of<TransactionState>(in).not_valid;
    if (auto it = earlier.find(relation); in.context.in_transaction && it != earlier.end())
      added = it->second;
    std::string table = rules::display_name(in.body["relation"]);
    for (const Node& cmd : rules::alter_table_commands(in.body)) {
      std::string_view subtype = cmd.str("subtype");
      if (subtype == "AT_AddConstraint") {
        Node con = cmd["def"].as("Constraint");
        if (con && con.boolean("skip_validation"))
          added.insert(std::string(con.str("conname")));
        continue;
      }
      if (subtype != "AT_ValidateConstraint")
        continue;
      std::string name(cmd.str("name"));
      if (!added.count(name))
        continue;
      out.add(finding(
          in,
          "validating constraint \"" + name + "\" of table \"" + table +
              "\" in the transaction that added it NOT VALID scans every row while the " +
              held_lock(in, relation) + " taken by the ADD is still held until COMMIT",
          "Commit between the two steps, so the validation runs under SHARE UPDATE EXCLUSIVE "
          "(reads and writes go on):\n"
          "  ALTER TABLE " +
              table + " ADD CONSTRAINT " + name +
              " ... NOT VALID;\n"
              "  COMMIT;  -- or put VALIDATE in the next migration when the runner wraps each "
              "migration in a transaction\n"
              "  ALTER TABLE " +
              table + " VALIDATE CONSTRAINT " + name + ";"));
    }
  }

private:
  // The strongest lock on the table held in this transaction, as the context recorded it.
  static std::string held_lock(const RuleInput& in, const std::string& relation) {
    std::optional<LockMode> strongest;
    for (const rules::HeldLock& h : state_of<TransactionState>(in).held.locks())
      if (h.relation == relation && (!strongest || h.lock > *strongest))
        strongest = h.lock;
    // Same statement: the ADD's own lock; the lock model's prediction for this statement.
    if (!strongest)
      strongest = rules::predicted_lock(in.effects, relation);
    if (!strongest)
      return "lock";
    return rules::lock_display_name(*strongest) + " lock (" +
           rules::blocked_operations(*strongest) + ")";
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(ValidateInSameTransaction)
} // namespace pgdrydock
