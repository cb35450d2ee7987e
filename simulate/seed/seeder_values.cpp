// Value recipes: which generator a column gets and the range its CHECK constraints leave, and
// the value of a recipe for one row. Text values are in seeder_text_values, the COPY text
// form of numbers, dates and times in seeder_value_format.
#include "simulate/seed/seeder_values.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "simulate/seed/seeder_text_values.h"
#include "simulate/seed/seeder_type_values.h"
#include "simulate/seed/seeder_value_format.h"

namespace pgdrydock {

namespace {

using seeding::append_bytes;
using seeding::append_copy_escaped;
using seeding::append_date;
using seeding::append_document;
using seeding::append_hex;
using seeding::append_int;
using seeding::append_padded;
using seeding::append_text;
using seeding::append_time_of_day;
using seeding::shortened_prefix;

constexpr long long first_day = 18262;  // 2020-01-01 as days since 1970-01-01
constexpr long long spread_days = 1826; // non-unique dates fall in five years
constexpr long long seconds_per_day = 86400;

// The integer range a type can hold, intersected with the CHECK bounds.
struct Range {
  long long low;
  long long high;
};

// In units of 10^-scale: numeric(5,2) holds -99999..99999 hundredths. Scales beyond 4 digits
// are generated with 4 (the server pads), which keeps every range inside 64 bits.
Range type_range(const LiveColumn& column, ValueKind kind, int& scale) {
  scale = 0;
  switch (kind) {
  case ValueKind::Int2:
    return {SHRT_MIN, SHRT_MAX};
  case ValueKind::Int4:
    return {INT_MIN, INT_MAX};
  case ValueKind::Numeric:
    if (column.type.typmod >= 4) {
      const int precision = ((column.type.typmod - 4) >> 16) & 0xffff;
      const int declared_scale = std::clamp((column.type.typmod - 4) & 0xffff, 0, precision);
      scale = std::min(declared_scale, 4);
      const int digits = std::min(precision - declared_scale + scale, 18);
      long long limit = 0;
      for (int i = 0; i < digits; ++i)
        limit = limit * 10 + 9;
      return {-limit, limit};
    }
    scale = 2;
    return {-1'000'000'000'000'000LL, 1'000'000'000'000'000LL};
  case ValueKind::Money:
    scale = 2;
    return {-1'000'000'000'000LL, 1'000'000'000'000LL};
  case ValueKind::Float4:
    scale = 2;
    return {-100'000'000, 100'000'000};
  case ValueKind::Float8:
    scale = 2;
    return {-1'000'000'000'000LL, 1'000'000'000'000LL};
  default:
    return {LLONG_MIN / 2, LLONG_MAX / 2};
  }
}

long long power_of_ten(int exponent) {
  long long value = 1;
  while (exponent-- > 0)
    value *= 10;
  return value;
}

bool is_number(ValueKind kind) {
  switch (kind) {
  case ValueKind::Int2:
  case ValueKind::Int4:
  case ValueKind::Int8:
  case ValueKind::Numeric:
  case ValueKind::Float4:
  case ValueKind::Float8:
  case ValueKind::Money:
    return true;
  default:
    return false;
  }
}

// The raw (unescaped) text of one scalar value.
void append_scalar(std::string& out, const ValueRecipe& r, long long row, bool unique) {
  const std::uint64_t hash = mix_row(static_cast<std::uint64_t>(row), r.salt);
  const long long n = row + r.offset; // unique values count up from the row number
  switch (r.kind) {
  case ValueKind::Int2:
  case ValueKind::Int4:
  case ValueKind::Int8:
  case ValueKind::Numeric:
  case ValueKind::Float4:
  case ValueKind::Float8:
  case ValueKind::Money: {
    long long value;
    if (unique) {
      value = r.low + n;
    } else {
      // Non-unique numbers stay in a human range: up to a million values from the low end.
      const auto span = static_cast<std::uint64_t>(std::min(r.high - r.low, 999'999LL)) + 1;
      value = r.low + static_cast<long long>(hash % span);
    }
    if (r.scale == 0) {
      append_int(out, value);
      return;
    }
    const long long unit = power_of_ten(r.scale);
    if (value < 0)
      out += '-';
    const long long magnitude = value < 0 ? -value : value;
    append_int(out, magnitude / unit);
    out += '.';
    append_padded(out, magnitude % unit, r.scale);
    return;
  }
  case ValueKind::Bool:
    out += ((unique ? n : static_cast<long long>(hash)) & 1) ? 't' : 'f';
    return;
  case ValueKind::Text:
    append_text(out, r, unique ? static_cast<std::uint64_t>(n) : hash % 100'000);
    return;
  case ValueKind::Choice: {
    const auto count = r.choices.size();
    out += r.choices[unique ? static_cast<size_t>(n) % count : hash % count];
    return;
  }
  case ValueKind::Uuid:
    append_hex(out, hash >> 32, 8);
    out += '-';
    append_hex(out, hash >> 16, 4);
    out += '-';
    append_hex(out, 0x4000 | (hash & 0x0fff), 4);
    out += '-';
    append_hex(out, 0x8000 | ((hash >> 12) & 0x3fff), 4);
    out += '-';
    // The row number in the last 48 bits keeps unique uuids distinct.
    append_hex(out, unique ? static_cast<std::uint64_t>(n) : hash * 31, 12);
    return;
  case ValueKind::Date:
    append_date(out, first_day + (unique ? n : static_cast<long long>(hash % spread_days)));
    return;
  case ValueKind::Timestamp:
  case ValueKind::TimestampTz: {
    const long long seconds =
        unique ? n : static_cast<long long>(hash % (spread_days * seconds_per_day));
    append_date(out, first_day + seconds / seconds_per_day);
    out += ' ';
    append_time_of_day(out, seconds % seconds_per_day);
    if (r.kind == ValueKind::TimestampTz)
      out += "+00";
    return;
  }
  case ValueKind::Time:
  case ValueKind::TimeTz:
    append_time_of_day(out, unique ? n : static_cast<long long>(hash % seconds_per_day));
    if (r.kind == ValueKind::TimeTz)
      out += "+00";
    return;
  case ValueKind::Interval:
    append_int(out, unique ? n : static_cast<long long>(hash % 1'000'000));
    out += " seconds";
    return;
  case ValueKind::Json:
  case ValueKind::Jsonb:
    append_document(out, r, unique ? n : static_cast<long long>(hash % 1'000'000), hash % 100);
    return;
  case ValueKind::Bytea:
    append_bytes(out, r, unique ? static_cast<std::uint64_t>(n) : hash);
    return;
  case ValueKind::Inet:
  case ValueKind::Cidr: {
    const std::uint64_t address = unique ? static_cast<std::uint64_t>(n) : hash % (1u << 24);
    if (address < (1u << 24)) {
      out += "10.";
      append_int(out, static_cast<long long>(address >> 16));
      out += '.';
      append_int(out, static_cast<long long>((address >> 8) & 0xff));
      out += '.';
      append_int(out, static_cast<long long>(address & 0xff));
      if (r.kind == ValueKind::Cidr)
        out += "/32";
    } else {
      out += "fd00::";
      append_hex(out, address >> 48, 4);
      for (int shift = 32; shift >= 0; shift -= 16) {
        out += ':';
        append_hex(out, address >> shift, 4);
      }
      if (r.kind == ValueKind::Cidr)
        out += "/128";
    }
    return;
  }
  case ValueKind::MacAddr: {
    const std::uint64_t address = unique ? static_cast<std::uint64_t>(n) : hash;
    for (int shift = 40; shift >= 0; shift -= 8) {
      append_hex(out, address >> shift, 2);
      if (shift)
        out += ':';
    }
    return;
  }
  case ValueKind::Xml:
    out += "<v>";
    append_int(out, unique ? n : static_cast<long long>(hash % 1'000'000));
    out += "</v>";
    return;
  case ValueKind::TsVector:
  case ValueKind::LTree:
  case ValueKind::HStore:
  case ValueKind::Range:
  case ValueKind::Multirange:
    append_structured_value(out, r.kind, r.type_name,
                            unique ? n : static_cast<long long>(hash % 1'000'000));
    return;
  case ValueKind::Unknown:
    return;
  }
}

// One to three elements; with `unique` the first element is the unique one.
void append_array(std::string& out, const ValueRecipe& r, long long row, std::string& scratch) {
  const auto count = 1 + static_cast<int>(mix_row(static_cast<std::uint64_t>(row), r.salt + 7) % 3);
  out += '{';
  for (int i = 0; i < count; ++i) {
    if (i)
      out += ',';
    scratch.clear();
    // Later elements use rows far away from any real row, so arrays do not share elements.
    append_scalar(scratch, r, row + i * (1LL << 40), r.unique && i == 0);
    out += '"';
    for (char c : scratch) {
      if (c == '"' || c == '\\')
        out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
}

} // namespace

bool needs_copy_escape(const ValueRecipe& recipe) {
  if (recipe.is_array || recipe.kind == ValueKind::Bytea)
    return true;
  return std::any_of(recipe.choices.begin(), recipe.choices.end(), [](const std::string& s) {
    return s.find_first_of("\\\t\n\r") != std::string::npos;
  });
}

ValueKind value_kind_of(const LiveType& type) {
  if (type.typtype == 'e')
    return ValueKind::Choice;
  if (const ValueKind structured = structured_kind_of(type); structured != ValueKind::Unknown)
    return structured;
  if (type.typtype != 'b')
    return ValueKind::Unknown;
  static const std::map<std::string, ValueKind, std::less<>> kinds = {
      {"int2", ValueKind::Int2},
      {"int4", ValueKind::Int4},
      {"int8", ValueKind::Int8},
      {"numeric", ValueKind::Numeric},
      {"float4", ValueKind::Float4},
      {"float8", ValueKind::Float8},
      {"money", ValueKind::Money},
      {"bool", ValueKind::Bool},
      {"text", ValueKind::Text},
      {"varchar", ValueKind::Text},
      {"bpchar", ValueKind::Text},
      {"name", ValueKind::Text},
      {"citext", ValueKind::Text},
      {"uuid", ValueKind::Uuid},
      {"date", ValueKind::Date},
      {"timestamp", ValueKind::Timestamp},
      {"timestamptz", ValueKind::TimestampTz},
      {"time", ValueKind::Time},
      {"timetz", ValueKind::TimeTz},
      {"interval", ValueKind::Interval},
      {"json", ValueKind::Json},
      {"jsonb", ValueKind::Jsonb},
      {"bytea", ValueKind::Bytea},
      {"inet", ValueKind::Inet},
      {"cidr", ValueKind::Cidr},
      {"macaddr", ValueKind::MacAddr},
      {"xml", ValueKind::Xml}};
  // citext lives in an extension's schema; every other name must be the built-in one.
  if (type.schema != "pg_catalog" && type.name != "citext")
    return ValueKind::Unknown;
  const auto it = kinds.find(type.name);
  return it == kinds.end() ? ValueKind::Unknown : it->second;
}

long long ValueRecipe::capacity() const {
  if (is_number(kind))
    return high - low + 1;
  switch (kind) {
  case ValueKind::Bool:
    return 2;
  case ValueKind::Choice:
    return static_cast<long long>(choices.size());
  case ValueKind::Time:
  case ValueKind::TimeTz:
    return seconds_per_day;
  case ValueKind::Text:
    if (max_length >= 0 && max_length < 18) {
      long long limit = 1;
      for (long long i = 0; i < max_length; ++i)
        limit *= 10;
      return limit;
    }
    return -1;
  default:
    return -1;
  }
}

void ValueRecipe::append(std::string& out, long long row) const {
  bool one_per_number = unique;
  const bool ordered = order.rows > 0 && row >= 0 && row < order.rows;
  if (ordered)
    row = order.position(row);
  if (distinct > 0 && !unique && !is_array) {
    // Exactly `distinct` values, each number its own value: number row mod distinct, or with a
    // production order, classes in the order of the rows' positions.
    row = ordered
              ? std::min(distinct - 1, static_cast<long long>(static_cast<long double>(row) *
                                                              static_cast<long double>(distinct) /
                                                              static_cast<long double>(order.rows)))
              : row % distinct;
    one_per_number = true;
  }
  if (!escape) {
    append_scalar(out, *this, row, one_per_number);
    return;
  }
  // Reused buffers: no allocation per row once they have grown.
  thread_local std::string raw;
  thread_local std::string element;
  raw.clear();
  if (is_array)
    append_array(raw, *this, row, element);
  else
    append_scalar(raw, *this, row, one_per_number);
  append_copy_escaped(out, raw);
}

std::string make_value_recipe(const LiveColumn& column, const ColumnRestriction& restriction,
                              bool unique, std::uint64_t salt, ValueRecipe& recipe) {
  recipe = ValueRecipe{};
  recipe.kind = value_kind_of(column.type);
  recipe.is_array = column.is_array;
  recipe.unique = unique;
  recipe.salt = salt;
  recipe.prefix = shortened_prefix(column.name);
  recipe.type_name = column.type.name;
  if (recipe.kind == ValueKind::Choice)
    recipe.choices = column.type.enum_labels;
  if (!restriction.allowed.empty() && !column.is_array) {
    recipe.kind = ValueKind::Choice;
    recipe.choices = restriction.allowed;
  }
  if (recipe.kind == ValueKind::Unknown)
    return fmt::format("no generator for type {}", column.type_display);
  if (recipe.kind == ValueKind::Choice) {
    std::erase_if(recipe.choices, [&](const std::string& choice) {
      return std::find(restriction.excluded.begin(), restriction.excluded.end(), choice) !=
             restriction.excluded.end();
    });
    if (recipe.choices.empty())
      return "no value is allowed by its CHECK constraints";
    recipe.escape = needs_copy_escape(recipe);
    return {};
  }

  if (recipe.kind == ValueKind::Text) {
    if (column.type.typmod >= 4 && column.type.name != "text")
      recipe.max_length = column.type.typmod - 4;
    if (restriction.max_length)
      recipe.max_length = recipe.max_length < 0
                              ? *restriction.max_length
                              : std::min(recipe.max_length, *restriction.max_length);
    recipe.min_length = restriction.min_length.value_or(0);
    if (recipe.max_length >= 0 && recipe.min_length > recipe.max_length)
      return fmt::format("its CHECK constraints ask for a length between {} and {}",
                         recipe.min_length, recipe.max_length);
    if (recipe.max_length == 0)
      return "its CHECK constraints allow only empty strings";
  }

  if (is_number(recipe.kind)) {
    const Range range = type_range(column, recipe.kind, recipe.scale);
    const double unit = static_cast<double>(power_of_ten(recipe.scale));
    long long low = range.low;
    long long high = range.high;
    if (restriction.lower) {
      const double bound = *restriction.lower * unit;
      const double edge = restriction.lower_strict ? std::floor(bound) + 1 : std::ceil(bound);
      low = std::max(low, static_cast<long long>(std::max(edge, -9e18)));
    } else if (!restriction.upper || *restriction.upper >= 1) {
      low = std::max(low, power_of_ten(recipe.scale)); // keys and amounts start at 1
    }
    if (restriction.upper) {
      const double bound = *restriction.upper * unit;
      const double edge = restriction.upper_strict ? std::ceil(bound) - 1 : std::floor(bound);
      high = std::min(high, static_cast<long long>(std::min(edge, 9e18)));
      if (!restriction.lower)
        low = std::max(range.low, std::min(low, high - 999'999));
    }
    // Values the CHECK excludes (x <> 3) sit below the generated range.
    for (const auto& value : restriction.excluded) {
      char* end = nullptr;
      const double excluded = std::strtod(value.c_str(), &end) * unit;
      if (end != value.c_str() && excluded >= static_cast<double>(low) && excluded < 9e18)
        low = std::max(low, static_cast<long long>(std::floor(excluded)) + 1);
    }
    if (low > high)
      return fmt::format("its CHECK constraints leave no value of type {}", column.type_display);
    recipe.low = low;
    recipe.high = high;
  }
  recipe.escape = needs_copy_escape(recipe);
  return {};
}

} // namespace pgdrydock
