#include "rules/not_null_checks.h"

#include <vector>

#include "rules/held_locks.h"

namespace pgdrydock::rules {
namespace {

// The column of a `CHECK (col IS NOT NULL)` constraint; empty for any other constraint.
std::string not_null_check_column(const Node& con) {
  if (con.str("contype") != "CONSTR_CHECK")
    return {};
  Node test = con["raw_expr"].as("NullTest");
  if (!test || test.str("nulltesttype") != "IS_NOT_NULL")
    return {};
  std::vector<std::string_view> fields = test["arg"].as("ColumnRef").names("fields");
  return fields.size() == 1 ? std::string(fields.front()) : std::string();
}

} // namespace

void NotNullChecks::seen(const StatementSeen& seen) {
  const LintContext& before = seen.context;
  std::string_view kind = seen.root.kind();
  if (kind == "AlterTableStmt") {
    track(seen.root.body());
    return;
  }
  if (kind != "TransactionStmt")
    return;
  std::string_view k = seen.root.body().str("kind");
  if (k == "TRANS_STMT_BEGIN" || k == "TRANS_STMT_START") {
    // BEGIN inside a runner's transaction only warns; the outer transaction goes on.
    if (!before.in_transaction)
      at_begin_ = checks_;
  } else if (ends_transaction(seen.root)) {
    if (before.in_transaction && k == "TRANS_STMT_ROLLBACK")
      checks_ = at_begin_;
    // In one multi-statement query, what follows COMMIT runs in a new implicit transaction.
    if (before.mode == TransactionMode::ImplicitMulti)
      at_begin_ = checks_;
  }
}

void NotNullChecks::track(const Node& alter_table) {
  Node rv = alter_table["relation"];
  std::string rel = qualified_name(rv);
  for (const Node& cmd : alter_table.list("cmds")) {
    Node c = cmd.as("AlterTableCmd");
    std::string_view subtype = c.str("subtype");
    if (subtype == "AT_AddConstraint") {
      Node con = c["def"].as("Constraint");
      std::string column = con ? not_null_check_column(con) : std::string();
      if (column.empty())
        continue;
      std::string name(con.str("conname"));
      if (name.empty())
        name = std::string(rv.str("relname")) + "_" + column + "_check";
      checks_[rel][name] = {column, !con.boolean("skip_validation")};
    } else if (subtype == "AT_ValidateConstraint") {
      auto it = checks_.find(rel);
      if (it == checks_.end())
        continue;
      if (auto ck = it->second.find(std::string(c.str("name"))); ck != it->second.end())
        ck->second.validated = true;
    } else if (subtype == "AT_DropConstraint") {
      if (auto it = checks_.find(rel); it != checks_.end())
        it->second.erase(std::string(c.str("name")));
    }
  }
}

bool NotNullChecks::has_validated(const std::string& relation, std::string_view column) const {
  auto it = checks_.find(relation);
  if (it == checks_.end())
    return false;
  for (const auto& [name, check] : it->second)
    if (check.validated && check.column == column)
      return true;
  return false;
}

} // namespace pgdrydock::rules
