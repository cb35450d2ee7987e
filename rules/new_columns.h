// The columns a statement creates, for the hygiene rules (prefer-bigint, prefer-identity,
// prefer-text, prefer-timestamptz, ban-char-type). Those rules judge a column once, where it is
// created: CREATE TABLE's column definitions and ALTER TABLE ... ADD COLUMN, on new and old
// tables alike (a new table is empty, but its column types stay). A column created earlier is
// never judged again, and a down script is skipped: it restores what the up script removed,
// which was judged when it was first created.
#pragma once

#include <string>
#include <vector>

#include "lint/rule.h"

namespace pgdrydock::rules {

struct NewColumn {
  std::string relation; // schema-qualified, as the effects name it: "public.orders"
  std::string shown;    // the table as the statement wrote it: "orders"
  Node def;             // the ColumnDef body (it has a typeName)
};

// The columns the statement (CreateStmt or AlterTableStmt) creates. Nothing for a CREATE TABLE
// of a table the catalog knows for certain, or an ADD COLUMN IF NOT EXISTS of a column it
// knows: those statements create no column.
std::vector<NewColumn> new_columns(const RuleInput& in);

// A rule about the type of each new column: check_column sees each one.
class NewColumnRule : public Rule {
public:
  std::vector<std::string_view> statement_kinds() const final {
    return {"CreateStmt", "AlterTableStmt"};
  }
  void check(const RuleInput& in, FindingSink& out) const final;

protected:
  virtual void check_column(const RuleInput& in, const NewColumn& column,
                            FindingSink& out) const = 0;
};

} // namespace pgdrydock::rules
