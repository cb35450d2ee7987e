// Is a default expression volatile? PostgreSQL 11+ stores a non-volatile default once in the
// catalog (no rewrite); a volatile one must be evaluated per row, which rewrites the table.
// Without the catalog we know the volatility of built-in functions only; a function we do not
// know is treated as volatile, because CREATE FUNCTION makes functions VOLATILE by default.
// This file is the only place that knows which functions are volatile: the rules ask it.
#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

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
    "txid_current",
    "pg_current_xact_id",
};

// Built-ins marked VOLATILE in pg_proc that people put in column defaults. Checked against
// pg_proc.provolatile on PostgreSQL 15 (txid_current() and pg_current_xact_id() are STABLE).
constexpr std::string_view kVolatile[] = {
    "random",           "random_normal",      "setseed",          "gen_random_uuid",
    "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "uuidv4",
    "uuidv7",           "clock_timestamp",    "timeofday",        "nextval",
    "gen_random_bytes"};

template <std::size_t N> bool listed(const std::string_view (&list)[N], std::string_view name) {
  return std::find(std::begin(list), std::end(list), name) != std::end(list);
}

// Walks the whole expression: a known volatile built-in wins over an unknown function, so a
// message names random() in my_fn(random()), the call the user can most easily recognise.
void find_volatile(simdjson::dom::element e, std::optional<VolatileCall>& found) {
  simdjson::dom::object obj;
  if (e.get_object().get(obj) == simdjson::SUCCESS) {
    for (auto field : obj) {
      if (field.key == "FuncCall") {
        std::vector<std::string_view> name = Node(field.value).names("funcname");
        std::string_view fn = name.empty() ? std::string_view{} : name.back();
        if (listed(kVolatile, fn))
          found = VolatileCall{std::string(fn), true};
        else if (!listed(kNonVolatile, fn) && !found)
          found = VolatileCall{std::string(fn), false};
      }
      // A subquery in a default is rejected by PostgreSQL; treat it as volatile anyway.
      if (field.key == "SubLink" && !found)
        found = VolatileCall{};
      if (found && found->known)
        return;
      find_volatile(field.value, found);
    }
    return;
  }
  simdjson::dom::array arr;
  if (e.get_array().get(arr) == simdjson::SUCCESS)
    for (simdjson::dom::element child : arr) {
      if (found && found->known)
        return;
      find_volatile(child, found);
    }
}

} // namespace

std::optional<VolatileCall> volatile_call_in(const Node& expr) {
  std::optional<VolatileCall> found;
  if (expr)
    find_volatile(expr.raw(), found);
  return found;
}

bool is_volatile_expression(const Node& expr) {
  return volatile_call_in(expr).has_value();
}

} // namespace pgdrydock
