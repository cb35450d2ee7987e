// Is a default expression volatile? PostgreSQL 11+ stores a non-volatile default once in the
// catalog (no rewrite); a volatile one must be evaluated per row, which rewrites the table.
// Without the catalog we know the volatility of built-in functions only; a function we do not
// know is treated as volatile, because CREATE FUNCTION makes functions VOLATILE by default.
#include <algorithm>
#include <iterator>
#include <string_view>

#include "lint/effects/predict.h"

namespace pgdrydock {
namespace {

// Built-ins marked IMMUTABLE or STABLE in pg_proc that migrations commonly use as defaults.
constexpr std::string_view kNonVolatile[] = {
    "now",
    "statement_timestamp",
    "transaction_timestamp",
    "current_setting",
    "lower",
    "upper",
    "btrim",
    "trim",
    "ltrim",
    "rtrim",
    "concat",
    "concat_ws",
    "substr",
    "substring",
    "replace",
    "length",
    "md5",
    "to_char",
    "to_date",
    "to_timestamp",
    "to_number",
    "date_trunc",
    "date_part",
    "make_date",
    "make_time",
    "make_timestamp",
    "make_timestamptz",
    "make_interval",
    "jsonb_build_object",
    "json_build_object",
    "jsonb_build_array",
    "json_build_array",
    "array_fill",
    "abs",
    "round",
    "floor",
    "ceil",
    "greatest",
    "least",
    "timezone",
    "age",
    "int4",
    "int8",
    "text",
    "numeric",
    "current_database",
    "current_schema",
    "current_user",
    "session_user",
    "jsonb",
    "json",
    "to_jsonb",
};

bool calls_volatile(simdjson::dom::element e) {
  simdjson::dom::object obj;
  if (e.get_object().get(obj) == simdjson::SUCCESS) {
    for (auto field : obj) {
      if (field.key == "FuncCall") {
        Node call(field.value);
        std::vector<std::string_view> name = call.names("funcname");
        std::string_view fn = name.empty() ? std::string_view{} : name.back();
        if (std::find(std::begin(kNonVolatile), std::end(kNonVolatile), fn) ==
            std::end(kNonVolatile))
          return true;
      }
      // A subquery in a default is rejected by PostgreSQL; treat it as volatile anyway.
      if (field.key == "SubLink")
        return true;
      if (calls_volatile(field.value))
        return true;
    }
    return false;
  }
  simdjson::dom::array arr;
  if (e.get_array().get(arr) == simdjson::SUCCESS)
    for (simdjson::dom::element child : arr)
      if (calls_volatile(child))
        return true;
  return false;
}

} // namespace

bool is_volatile_expression(const Node& expr) {
  return expr && calls_volatile(expr.raw());
}

} // namespace pgdrydock
