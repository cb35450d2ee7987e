// A normalised text of an SQL expression, so that the model's defaults, CHECKs and index
// predicates compare equal to what PostgreSQL prints back (pg_get_expr): casts, parentheses,
// whitespace and letter case are left out, names lose their pg_catalog qualification.
// The form is for comparison only, never for running.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lint/parse_node.h"

namespace pgdrydock {

// `source` is the statement text the node's locations point into: libpg_query 15 drops the
// value of negative integer constants, which are then read back from the source.
std::string expression_text(const Node& expr, std::string_view source = {});
// The same normal form from SQL text as pg_get_expr prints it ("'x'::character varying",
// "(a > 0)", "nextval('public.t_id_seq'::regclass)").
std::string normalize_expression_sql(std::string_view sql);
// Replaces the whole word `from` by `to` in a normalised expression (a column rename).
std::string rename_in_expression(const std::string& expr, const std::string& from,
                                 const std::string& to);
// Whether a normalised expression uses the column (as a whole word).
bool expression_mentions(const std::string& expr, const std::string& column);
// An index key that is an expression rather than a plain column name.
bool is_expression_key(const std::string& key);
// Column names an expression refers to, first appearance first, without duplicates.
std::vector<std::string> expression_columns(const Node& expr);
// The expression is `col IS NOT NULL` (what lets SET NOT NULL skip its scan); the column name.
std::string is_not_null_test(const Node& expr);

} // namespace pgdrydock
