// Which ALTER COLUMN TYPE changes leave the stored data alone. PostgreSQL skips the rewrite
// when the old value can be relabelled as the new type and the new typmod cannot reject it
// (ATColumnChangeRequiresRewrite in tablecmds.c plus each type's length-coercion "support"
// function: varchar, numeric, varbit, timestamp... accept a larger or removed limit for free).
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <utility>

#include "lint/effects/predict.h"

namespace pgdrydock {
namespace {

struct ParsedType {
  std::string base;          // "varchar"
  std::vector<long> typmods; // {20}
  bool array = false;
};

// SQL-standard spellings and aliases -> the internal name libpg_query puts in TypeName nodes.
constexpr std::array<std::pair<std::string_view, std::string_view>, 25> kAliases = {{
    {"character varying", "varchar"},
    {"char varying", "varchar"},
    {"character", "bpchar"},
    {"char", "bpchar"},
    {"integer", "int4"},
    {"int", "int4"},
    {"smallint", "int2"},
    {"bigint", "int8"},
    {"boolean", "bool"},
    {"real", "float4"},
    {"double precision", "float8"},
    {"float", "float8"},
    {"decimal", "numeric"},
    {"dec", "numeric"},
    {"bit varying", "varbit"},
    {"timestamp without time zone", "timestamp"},
    {"timestamp with time zone", "timestamptz"},
    {"time without time zone", "time"},
    {"time with time zone", "timetz"},
    {"serial", "int4"},
    {"bigserial", "int8"},
    {"smallserial", "int2"},
    {"serial4", "int4"},
    {"serial8", "int8"},
    {"serial2", "int2"},
}};

std::string lower_trimmed(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space)
      out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

ParsedType parse_sql_type(std::string_view text) {
  std::string s = lower_trimmed(text);
  ParsedType t;
  while (s.size() >= 2 && s.compare(s.size() - 2, 2, "[]") == 0) {
    t.array = true;
    s.resize(s.size() - 2);
    while (!s.empty() && s.back() == ' ')
      s.pop_back();
  }
  // Typmods sit after the first word group: "timestamp(3) with time zone", "varchar(20)".
  std::string words;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '(') {
      std::size_t close = s.find(')', i);
      if (close == std::string::npos)
        close = s.size();
      std::string_view inside(s.data() + i + 1, close - i - 1);
      std::size_t start = 0;
      while (start <= inside.size()) {
        std::size_t comma = inside.find(',', start);
        if (comma == std::string_view::npos)
          comma = inside.size();
        std::string_view part = inside.substr(start, comma - start);
        while (!part.empty() && part.front() == ' ')
          part.remove_prefix(1);
        long v = 0;
        std::from_chars(part.data(), part.data() + part.size(), v);
        t.typmods.push_back(v);
        start = comma + 1;
      }
      i = close + 1;
      continue;
    }
    words += s[i++];
  }
  while (!words.empty() && words.back() == ' ')
    words.pop_back();
  for (std::size_t p = 0; p < words.size(); ++p)
    if (words[p] == ' ' && p + 1 < words.size() && words[p + 1] == ' ')
      words.erase(p--, 1);
  if (words.rfind("pg_catalog.", 0) == 0)
    words.erase(0, 11);
  for (const auto& [alias, internal] : kAliases)
    if (words == alias)
      words = std::string(internal);
  t.base = words;
  return t;
}

std::string render(const ParsedType& t) {
  std::string out = t.base;
  if (!t.typmods.empty()) {
    out += '(';
    for (std::size_t i = 0; i < t.typmods.size(); ++i) {
      if (i)
        out += ',';
      out += std::to_string(t.typmods[i]);
    }
    out += ')';
  }
  if (t.array)
    out += "[]";
  return out;
}

bool is_text_like(const std::string& base) {
  return base == "text" || base == "varchar";
}

// Types whose typmod is a precision/length limit that only validates (never converts) values
// when it grows or disappears.
bool limit_only_typmod(const std::string& base) {
  return base == "varchar" || base == "varbit" || base == "timestamp" || base == "timestamptz" ||
         base == "time" || base == "timetz" || base == "interval";
}

// Time zones whose offset from UTC is 0 at every moment of their history: for them PostgreSQL
// (pg_get_timezone_offset) reports a fixed offset. Zones at +00:00 only today (Europe/London,
// Africa/Abidjan) had other offsets once and do not count. Compared case-insensitively.
constexpr std::array<std::string_view, 18> kZeroOffsetZones = {
    "utc",       "etc/utc",       "uct",       "etc/uct",       "gmt",   "etc/gmt",
    "gmt0",      "etc/gmt0",      "gmt+0",     "etc/gmt+0",     "gmt-0", "etc/gmt-0",
    "greenwich", "etc/greenwich", "universal", "etc/universal", "zulu",  "etc/zulu"};

// A number of hours written as text ("0", "+0", "-0.0"): SET TIME ZONE '0' is a fixed offset.
bool is_zero_hours(std::string_view s) {
  if (!s.empty() && (s.front() == '+' || s.front() == '-'))
    s.remove_prefix(1);
  if (s.empty() || s.front() == '.')
    return false;
  bool dot = false;
  for (char c : s) {
    if (c == '.' && !dot)
      dot = true;
    else if (c != '0')
      return false;
  }
  return true;
}

bool max_precision_six(const std::string& base) {
  return base == "timestamp" || base == "timestamptz" || base == "time" || base == "timetz";
}

bool is_timestamp(const std::string& base) {
  return base == "timestamp" || base == "timestamptz";
}

} // namespace

bool time_zone_is_utc(std::string_view zone) {
  std::string z = lower_trimmed(zone);
  return std::find(kZeroOffsetZones.begin(), kZeroOffsetZones.end(), z) != kZeroOffsetZones.end() ||
         is_zero_hours(z);
}

bool timestamp_conversion_is_free(int pg_version, const std::optional<std::string>& time_zone) {
  return pg_version >= 12 && time_zone && time_zone_is_utc(*time_zone);
}

std::string canonical_type_name(std::string_view sql_type) {
  return render(parse_sql_type(sql_type));
}

std::string canonical_type_name(const Node& type_name) {
  ParsedType t;
  std::vector<std::string_view> names = type_name.names("names");
  if (names.empty())
    return {};
  std::string base(names.back());
  for (const auto& [alias, internal] : kAliases)
    if (base == alias)
      base = std::string(internal);
  t.base = base;
  for (const Node& mod : type_name.list("typmods")) {
    Node c = mod.as("A_Const");
    if (c)
      t.typmods.push_back(static_cast<long>(c["ival"].integer("ival")));
  }
  t.array = type_name.has("arrayBounds");
  return render(t);
}

bool type_change_is_binary_coercible(std::string_view old_type, std::string_view new_type,
                                     bool timestamp_conversion_free) {
  ParsedType from = parse_sql_type(canonical_type_name(old_type));
  ParsedType to = parse_sql_type(canonical_type_name(new_type));
  if (from.array != to.array)
    return false;
  // timestamp and timestamptz store the same microseconds; converting one into the other
  // shifts them by the session's offset, which is none in UTC (ATColumnChangeRequiresRewrite
  // then looks through the conversion). An array is converted element by element: a rewrite.
  if (timestamp_conversion_free && !from.array && is_timestamp(from.base) &&
      is_timestamp(to.base) && from.base != to.base)
    from.base = to.base; // then only the precision decides, as for the same type
  if (from.base == to.base && from.typmods == to.typmods)
    return true;
  // Between text and unlimited varchar the bytes are the same (binary-coercible casts).
  if (is_text_like(from.base) && is_text_like(to.base)) {
    if (to.base == "text" || to.typmods.empty())
      return true;
    return from.base == "varchar" && !from.typmods.empty() && to.typmods[0] >= from.typmods[0];
  }
  if (from.base == "cidr" && to.base == "inet")
    return true;
  if (from.base != to.base)
    return false;
  // Six fractional digits is the most these types keep: (6) or more limits nothing (the
  // types' length-coercion support functions say so).
  if (max_precision_six(to.base)) {
    for (ParsedType* t : {&from, &to})
      if (!t->typmods.empty() && t->typmods[0] >= 6)
        t->typmods.clear();
  }
  if (to.typmods.empty())
    return limit_only_typmod(to.base) || to.base == "numeric";
  if (from.typmods.empty())
    return false; // adding a limit must check every value
  if (limit_only_typmod(to.base))
    return to.typmods[0] >= from.typmods[0];
  if (to.base == "numeric") {
    long from_scale = from.typmods.size() > 1 ? from.typmods[1] : 0;
    long to_scale = to.typmods.size() > 1 ? to.typmods[1] : 0;
    return from_scale == to_scale && to.typmods[0] >= from.typmods[0];
  }
  return false;
}

std::string type_change_free_from(std::string_view new_type) {
  const ParsedType to = parse_sql_type(canonical_type_name(new_type));
  const std::string limit = to.typmods.empty() ? "" : std::to_string(to.typmods[0]);
  std::string from;
  if (to.base == "text" || (to.base == "varchar" && to.typmods.empty()))
    from = "varchar or text";
  else if (to.base == "varchar")
    from = "varchar(n) with n <= " + limit;
  else if (to.base == "numeric")
    from = to.typmods.empty()
               ? "numeric(p,s)"
               : "numeric(p," + std::to_string(to.typmods.size() > 1 ? to.typmods[1] : 0) +
                     ") with p <= " + limit;
  else if (to.base == "inet")
    from = "cidr";
  else if (limit_only_typmod(to.base))
    // Precision 6 (or none) keeps every value these types can hold.
    from = to.base + (to.typmods.empty() || (max_precision_six(to.base) && to.typmods[0] >= 6)
                          ? " of any precision"
                          : "(n) with n <= " + limit);
  if (from.empty())
    return from;
  if (is_timestamp(to.base))
    from += ", or " + std::string(to.base == "timestamp" ? "timestamptz" : "timestamp") +
            " in a session whose time zone is UTC (PostgreSQL 12+)";
  return to.array ? "arrays of " + from : from;
}

bool type_change_may_skip_rewrite(std::string_view new_type) {
  return !type_change_free_from(new_type).empty();
}

} // namespace pgdrydock
