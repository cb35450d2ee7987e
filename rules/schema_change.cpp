#include "rules/schema_change.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "lint/catalog/catalog.h"
#include "lint/sql_parser.h"

namespace pgdrydock::rules {
namespace {

// Statement kinds that never create, alter or drop a schema object.
constexpr std::array<std::string_view, 17> kSchemaNeutral = {
    "SelectStmt",      "InsertStmt",       "UpdateStmt",      "DeleteStmt",  "MergeStmt",
    "VariableSetStmt", "VariableShowStmt", "TransactionStmt", "VacuumStmt",  "NotifyStmt",
    "ListenStmt",      "UnlistenStmt",     "LockStmt",        "ExplainStmt", "CheckPointStmt",
    "DiscardStmt",     "CopyStmt"};

bool neutral(std::string_view kind) {
  return std::find(kSchemaNeutral.begin(), kSchemaNeutral.end(), kind) != kSchemaNeutral.end();
}

} // namespace

bool up_changes_schema(const MigrationInput& in) {
  // The catalog replay marks what it could not follow as opaque: a SELECT of an unknown
  // function may create tables (extensions' helpers do).
  if (in.catalog_before && in.catalog_after_up &&
      in.catalog_after_up->opaque_statements > in.catalog_before->opaque_statements)
    return true;
  const Script& up = in.migration.up;
  ParseSession parser;
  bool changes = false;
  for_each_statement(up.file, up.begin, up.end, [&](Statement& st) {
    if (changes)
      return;
    std::optional<Node> root;
    if (!st.syntax_error)
      if (ParseResult parsed = parser.parse(st.text()))
        root = *parsed;
    // SELECT ... INTO makes a table (the raw parse tree keeps it a SelectStmt).
    changes = !root || !neutral(root->kind()) || root->body().has("intoClause");
  });
  return changes;
}

} // namespace pgdrydock::rules
