#include "lint/sources/runner_order.h"

#include <cctype>
#include <string_view>

#include "lint/sources/migration_names.h"

namespace pgdrydock::sources {
namespace {

// A digit string as a key that sorts numerically byte-wise: leading zeros dropped, then the
// length (fixed width) before the digits. Anything after the digits is kept as text.
std::string numeric_key(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])))
    ++digits;
  std::string_view number = text.substr(0, digits);
  while (number.size() > 1 && number.front() == '0')
    number.remove_prefix(1);
  std::string key = std::to_string(100000 + number.size()).substr(1); // 5 digits of length
  key += number;
  key += text.substr(digits);
  return key;
}

std::string without_dashes(std::string_view version) {
  std::string out;
  for (char c : version)
    if (c != '-')
      out += c;
  return out;
}

// Flyway's MigrationVersion: dot-separated numbers compared part by part, trailing zero parts
// ignored ("1.0" == "1", "001" == "1").
std::string flyway_key(std::string_view version) {
  const std::string canonical = version_key(version); // "1.10": zeros and trailing .0 dropped
  std::string key;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = canonical.find('.', start);
    key += numeric_key(std::string_view(canonical).substr(start, dot - start)) + '.';
    if (dot == std::string::npos)
      return key;
    start = dot + 1;
  }
}

} // namespace

namespace {

std::pair<std::string, std::string> order_key(const Migration& m) {
  const std::string& r = m.runner;
  if (r == "diesel")
    return {without_dashes(m.version), m.name};
  if (r == "sqlx" || r == "sourcegraph" || r == "golang-migrate")
    return {numeric_key(m.version), m.name};
  if (r == "maragudk/migrate")
    return {m.version + "_" + m.name, ""};
  if (r == "flyway") // repeatables ("R__name") run after every versioned one, by name
    return {m.version.starts_with("R__") ? "\x7f" + m.version : flyway_key(m.version), m.name};
  return {m.version, m.name}; // popx, dbmate
}

} // namespace

bool runner_less(const Migration& a, const Migration& b) {
  if (a.runner != b.runner || a.runner.empty() || a.runner == "psql") {
    if (a.version != b.version)
      return natural_less(a.version, b.version);
    return natural_less(a.name, b.name);
  }
  return order_key(a) < order_key(b);
}

std::optional<std::string> runner_identity_key(const Migration& m) {
  const std::string& r = m.runner;
  if (r == "diesel")
    return without_dashes(m.version);
  if (r == "sqlx" || r == "sourcegraph")
    return numeric_key(m.version);
  if (r == "flyway")
    return m.version.starts_with("R__") ? m.version : flyway_key(m.version);
  if (r == "popx" || r == "dbmate")
    return m.version;
  return std::nullopt; // golang-migrate (as concourse runs it), maragudk/migrate, psql
}

bool same_runner_version(const Migration& a, const Migration& b) {
  if (a.runner == "golang-migrate" && b.runner == "golang-migrate")
    return numeric_key(a.version) == numeric_key(b.version);
  return a.version == b.version;
}

std::string shared_version_note(const std::string& runner) {
  if (runner == "golang-migrate")
    return "golang-migrate itself refuses a version used twice; runners that accept it "
           "(concourse's) apply both in name order, which is the order linted here";
  return {};
}

} // namespace pgdrydock::sources
