// adding-enum-value-in-transaction: ALTER TYPE ... ADD VALUE where PostgreSQL refuses it or
// what follows it. Before PostgreSQL 12 the command cannot run inside a transaction block at
// all (a runner's transaction, BEGIN, or golang-migrate's one multi-statement query). From 12
// on it can, but the new label cannot be used until the transaction commits: a later statement
// of the same transaction that uses it fails with "unsafe use of new value". A type created in
// the same transaction is exempt on every version (PostgreSQL allows both then), and a type
// created in this migration is new, so neither is reported.
#include <fmt/format.h>

#include "lint/catalog/catalog.h"
#include "lint/rule.h"
#include "rules/created_types.h"
#include "rules/held_locks.h"
#include "rules/outside_transaction.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

struct AddedValue {
  std::string literal; // the label as an SQL string literal: 'pending'
  std::string type;    // for messages
  int line = 0;
};

bool is_add_value(const Node& root) {
  Node body = root.as("AlterEnumStmt");
  return body && !body.has("oldVal") && body.has("newVal");
}

std::string sql_literal(std::string_view label) {
  std::string out = "'";
  for (char c : label)
    out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// The values added in the transaction still open, on top of the types the script created.
class State : public rules::CreatedTypesState {
public:
  void seen(const StatementSeen& s) override {
    rules::CreatedTypesState::seen(s);
    if (!s.context.in_transaction || rules::ends_transaction(s.root)) {
      pending.clear(); // committed (or rolled back): the labels are safe to use from here
      return;
    }
    // Before PostgreSQL 12 the ADD VALUE itself fails: one finding, on it, is enough.
    if (is_add_value(s.root) && s.context.pg_version >= 12) {
      Node body = s.root.body();
      std::string key = rules::type_key(body);
      if (!is_new(key))
        pending.push_back(
            {sql_literal(body.str("newVal")), display_key(key), s.statement.location.line});
    }
  }
  std::vector<AddedValue> pending;
};

class AddingEnumValueInTransaction : public Rule {
public:
  std::string_view id() const override { return "adding-enum-value-in-transaction"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "ALTER TYPE ... ADD VALUE in a transaction fails before PostgreSQL 12, and its new "
           "label cannot be used before COMMIT";
  }
  std::unique_ptr<ScriptState> new_script_state() const override {
    return std::make_unique<State>();
  }

  void check(const RuleInput& in, FindingSink& out) const override {
    const State& state = state_of<State>(in);
    if (!in.context.in_transaction)
      return;
    if (is_add_value(in.root)) {
      std::string key = rules::type_key(in.body);
      if (in.context.pg_version >= 12 || state.is_new(key))
        return;
      out.add(finding(
          in,
          fmt::format("ALTER TYPE {} ADD VALUE cannot run inside a transaction block before "
                      "PostgreSQL 12, and here {}: on PostgreSQL {} the migration fails",
                      display_key(key), rules::transaction_block_reason(in.context),
                      in.context.pg_version),
          "Run it outside a transaction block. " +
              rules::how_to_run_outside_transaction(in.context)));
      return;
    }
    // Where PostgreSQL refuses: the statement that uses a label added earlier in this
    // transaction. The label is looked for as a string literal in the statement's text.
    for (const AddedValue& v : state.pending)
      if (in.statement.text().find(v.literal) != std::string_view::npos) {
        out.add(finding(
            in,
            fmt::format("this statement uses {}, added to enum type {} at line {} in the same "
                        "transaction: PostgreSQL refuses a new enum value before the "
                        "transaction that added it commits (\"unsafe use of new value\")",
                        v.literal, v.type, v.line),
            "Commit between adding the value and using it: put the ALTER TYPE ... ADD VALUE "
            "in a migration of its own (or COMMIT after it), and use the new value in a later "
            "one."));
        return;
      }
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(AddingEnumValueInTransaction)
} // namespace pgdrydock
