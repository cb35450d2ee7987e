// The pieces the SQL mutator works with: statements split the way a reader sees them (quotes,
// comments and dollar quotes respected), the names a script uses, and expression rewrites. Fast
// and approximate on purpose: the product's parser judges the result, this only has to make
// inputs that usually parse.
#pragma once

#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace pgdrydock::fuzz {

using Random = std::minstd_rand;

// The statements of `sql` without their terminating ';' (blank ones dropped).
std::vector<std::string> split_statements(std::string_view sql);
std::string join_statements(const std::vector<std::string>& statements);

// Names a statement creates or touches (after TABLE, INDEX, ON, INTO, UPDATE, FROM, JOIN,
// REFERENCES, COLUMN) and every other lower-case word that is not a keyword (columns, mostly).
struct Names {
  std::vector<std::string> relations;
  std::vector<std::string> words;
};
Names names_in(const std::vector<std::string>& statements);

// Wraps one literal, name or parenthesised group of `statement` in an expression (a cast, a
// function call, CASE, a sub-select, COLLATE, AT TIME ZONE, ...), `depth` times over.
std::string nest_expression(const std::string& statement, int depth, Random& random);

// A statement from the templates (ALTER TABLE ... ADD COLUMN, CREATE INDEX, SET lock_timeout,
// BEGIN, ...) about the relations and columns named.
std::string template_statement(const Names& names, Random& random);

// Replaces one relation name of `statement` with another the script uses.
std::string rename_relation(const std::string& statement, const Names& names, Random& random);

} // namespace pgdrydock::fuzz
