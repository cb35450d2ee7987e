// The SQL a `DO $$ ... $$` block runs. PostgreSQL runs every statement of a PL/pgSQL body as if
// the migration had written it: the driver lints each one like a top-level statement (same
// rules, effects and catalog updates), with findings on its own line in the file.
#pragma once

#include <vector>

#include "lint/parse_node.h"
#include "lint/rule.h"
#include "lint/sql_parser.h"
#include "lint/statement.h"

namespace pgdrydock {

// The rule the DO-block reader reports itself when PL/pgSQL rejects a body.
inline constexpr std::string_view kSyntaxErrorRule = "syntax-error";

struct DoBlockContents {
  // Static SQL (inside IF/LOOP/BEGIN...EXCEPTION too), PERFORM as the SELECT it runs, COMMIT and
  // ROLLBACK, EXECUTE of string constants (split into their statements) and, as statements of
  // kDynamicExecuteKind, EXECUTEs of SQL built at run time; in body order.
  std::vector<Statement> statements;
  // syntax-error when PL/pgSQL rejects the body.
  std::vector<Finding> findings;
};

// What the DO statement `do_statement` (parsed as `do_root`, a {"DoStmt": ...} node) runs. Empty
// for a body in another language. do_root is read first: the function parses again with
// `parser` (string constants), which ends the life of do_root's tree.
DoBlockContents do_block_contents(const Statement& do_statement, const Node& do_root,
                                  ParseSession& parser);

} // namespace pgdrydock
