// What an ALTER TABLE adds or changes, for the rules that look at one part of it: the table
// (skipped when created earlier in the migration: new and empty), the columns it adds, the
// constraints it adds (ADD CONSTRAINT or written on a new column), the commands of one kind;
// and AlterTableRule, the base of the rules that look only at such a statement.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/rule.h"

namespace pgdrydock::rules {

struct AlteredTable {
  std::string relation;       // schema-qualified, as the effects name it: "public.orders"
  std::string shown;          // as the statement wrote it, for messages: "orders"
  std::vector<Node> commands; // the AlterTableCmd bodies
};

// The ALTER TABLE statement's table when it existed before this migration; nothing otherwise.
std::optional<AlteredTable> altered_existing_table(const RuleInput& in);

// The commands of one subtype ("AT_SetNotNull", "AT_AlterColumnType", ...).
std::vector<Node> commands_of(const AlteredTable& table, std::string_view subtype);

// The ColumnDef bodies of its ADD COLUMN commands.
std::vector<Node> added_columns(const AlteredTable& table);

// A constraint the statement adds: by ADD CONSTRAINT (column invalid), or written on the
// definition of a column it adds (column is that ColumnDef body).
struct AddedConstraint {
  Node constraint;
  Node column;
};
std::vector<AddedConstraint> added_constraints(const AlteredTable& table);

// A rule about ALTER TABLE on a table that existed before the migration: check() finds the
// table (altered_existing_table) and hands it to check_table.
class AlterTableRule : public Rule {
public:
  std::vector<std::string_view> statement_kinds() const final { return {"AlterTableStmt"}; }
  void check(const RuleInput& in, FindingSink& out) const final;

protected:
  virtual void check_table(const RuleInput& in, const AlteredTable& table,
                           FindingSink& out) const = 0;
};

} // namespace pgdrydock::rules
