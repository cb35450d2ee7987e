// Small parse-tree questions that several rules ask: which relation an ALTER TABLE names,
// whether it existed before this migration, which functions an expression calls, how to
// print a type name or a lock. What a statement does to the database (locks, rewrites, scans,
// volatility, CONCURRENTLY) is the effect model's answer: rules read RuleInput::effects and
// ::traits and never work it out again here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/effect.h"
#include "lint/effects/predict.h"
#include "lint/lint_context.h"
#include "lint/parse_node.h"

namespace pgdrydock::rules {

// The relation as the user wrote it ("orders", "billing.orders"), for messages.
std::string display_name(const Node& range_var);

// A relation that existed before this migration: not created earlier in the same script.
// `relation` is schema-qualified, as qualified_name() returns it.
bool is_existing(const LintContext& context, const std::string& relation);

// The AlterTableCmd bodies of an AlterTableStmt body.
std::vector<Node> alter_table_commands(const Node& alter_table_stmt);

// The Constraint bodies of a ColumnDef body.
std::vector<Node> column_constraints(const Node& column_def);
// The first constraint of that contype ("CONSTR_NOTNULL", ...), or an invalid node.
Node column_constraint(const Node& column_def, std::string_view contype);

// The default expression of a column definition (DEFAULT NULL is none) and serial types: the
// effect model's answers (lint/effects/predict.h), which also decides volatility and rewrites.
using ::pgdrydock::column_default;
using ::pgdrydock::is_serial_type;

// SQL spelling of a TypeName body: "varchar(20)", "numeric(10,2)", "integer[]", "text".
std::string type_name_sql(const Node& type_name);
// The type's own name without schema ("varchar", "int4", "text").
std::string_view base_type_name(const Node& type_name);

// The lock model predicts that the statement rewrites `relation` (a new copy of its data).
bool predicted_rewrite(const std::vector<Effect>& effects, const std::string& relation);

// "ACCESS EXCLUSIVE", as PostgreSQL's documentation names the lock.
std::string lock_display_name(LockMode mode);
// With its article: "an ACCESS EXCLUSIVE", "a SHARE".
std::string a_lock_name(LockMode mode);
// What waits behind a lock: "blocks reads and writes", "blocks writes", ...
std::string blocked_operations(LockMode mode);
// The lock the lock model predicts on `relation` (the strongest one), if any.
std::optional<LockMode> predicted_lock(const std::vector<Effect>& effects,
                                       const std::string& relation);
// "ACCESS EXCLUSIVE lock (blocks reads and writes)" using the predicted lock when there is
// one, else `fallback` (what PostgreSQL takes for this command).
std::string lock_phrase(const std::vector<Effect>& effects, const std::string& relation,
                        LockMode fallback);
// The same with its article: "an ACCESS EXCLUSIVE lock (...)", "a SHARE lock (...)".
std::string a_lock_phrase(const std::vector<Effect>& effects, const std::string& relation,
                          LockMode fallback);

// A TransactionStmt that opens a transaction block (BEGIN, START TRANSACTION); the one that
// ends it is ends_transaction() (rules/held_locks.h).
bool begins_transaction(const Node& root);

// The parenthesised group that starts at the first '(' at or after `from` in `text`, quotes
// respected: for `CHECK (a > 0) NOT VALID` from the constraint's location, "(a > 0)".
// Empty when there is none or it is not closed.
std::string_view parenthesized_after(std::string_view text, std::size_t from);

} // namespace pgdrydock::rules
