#include "simulate/seed/seeder_type_values.h"

#include <array>
#include <string_view>

namespace pgdrydock {

namespace {

// Range types whose bounds are numbers the row number can stand for.
bool numeric_range(std::string_view name) {
  constexpr std::array<std::string_view, 6> names = {
      "int4range", "int8range", "numrange", "int4multirange", "int8multirange", "nummultirange"};
  for (auto n : names)
    if (n == name)
      return true;
  return false;
}

void append_range(std::string& out, const std::string& type_name, long long n) {
  if (!numeric_range(type_name)) {
    out += "empty";
    return;
  }
  out += '[';
  out += std::to_string(n);
  out += ',';
  out += std::to_string(n + 1);
  out += ')';
}

} // namespace

ValueKind structured_kind_of(const LiveType& type) {
  if (type.typtype == 'r')
    return ValueKind::Range;
  if (type.typtype == 'm')
    return ValueKind::Multirange;
  // ltree and hstore live in whatever schema their extension was created in.
  if (type.name == "ltree")
    return ValueKind::LTree;
  if (type.name == "hstore")
    return ValueKind::HStore;
  if (type.name == "tsvector" && type.schema == "pg_catalog")
    return ValueKind::TsVector;
  return ValueKind::Unknown;
}

void append_structured_value(std::string& out, ValueKind kind, const std::string& type_name,
                             long long n) {
  const std::string number = std::to_string(n);
  switch (kind) {
  case ValueKind::TsVector:
    out += "word" + number + " seed";
    return;
  case ValueKind::LTree:
    out += "top.n" + number;
    return;
  case ValueKind::HStore:
    out += "\"k\"=>\"" + number + "\"";
    return;
  case ValueKind::Range:
    append_range(out, type_name, n);
    return;
  case ValueKind::Multirange:
    out += '{';
    append_range(out, type_name, n);
    out += '}';
    return;
  default:
    return;
  }
}

} // namespace pgdrydock
