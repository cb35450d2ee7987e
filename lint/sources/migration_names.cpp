#include "lint/sources/migration_names.h"

#include <cctype>
#include <vector>

namespace pgdrydock::sources {
namespace {

// Tags migration tools put in file names to keep several databases' migrations side by side.
constexpr std::string_view kPostgresTags[] = {"postgres", "postgresql", "pg", "pgx"};
constexpr std::string_view kOtherTags[] = {
    "mysql",     "mariadb",   "sqlite",    "sqlite3",     "mssql",   "sqlserver", "clickhouse",
    "oracle",    "snowflake", "cockroach", "cockroachdb", "spanner", "redshift",  "firebird",
    "cassandra", "mongodb",   "h2",        "hsqldb",      "db2",     "tidb",      "duckdb"};

bool known_tag(std::string_view tag) {
  std::string t = lowercase_ascii(tag);
  for (auto k : kPostgresTags)
    if (t == k)
      return true;
  for (auto k : kOtherTags)
    if (t == k)
      return true;
  return false;
}

} // namespace

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && lowercase_ascii(s.substr(s.size() - suffix.size())) == suffix;
}

bool all_digits(std::string_view s) {
  if (s.empty())
    return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c)))
      return false;
  return true;
}

bool is_postgres_dialect(std::string_view tag) {
  std::string t = lowercase_ascii(tag);
  for (auto k : kPostgresTags)
    if (t == k)
      return true;
  return false;
}

std::string dialect_tag(std::string_view file_name) {
  // Strip the extension and an up/down marker, then look at the last dotted part.
  std::string_view s = file_name;
  std::size_t dot = s.rfind('.');
  if (dot == std::string_view::npos)
    return "";
  s = s.substr(0, dot);
  if (ends_with_ci(s, ".up"))
    s.remove_suffix(3);
  else if (ends_with_ci(s, ".down"))
    s.remove_suffix(5);
  if (ends_with_ci(s, ".autocommit")) // popx: x.mysql.autocommit.up.sql
    s.remove_suffix(11);
  dot = s.rfind('.');
  if (dot == std::string_view::npos)
    return "";
  std::string_view tag = s.substr(dot + 1);
  return known_tag(tag) ? lowercase_ascii(tag) : "";
}

std::optional<GolangName> parse_golang_name(std::string_view f, bool underscore_direction) {
  GolangName g;
  std::string_view rest;
  if (ends_with_ci(f, ".up.sql")) {
    g.direction = ScriptDirection::Up;
    rest = f.substr(0, f.size() - 7);
  } else if (ends_with_ci(f, ".down.sql")) {
    g.direction = ScriptDirection::Down;
    rest = f.substr(0, f.size() - 9);
  } else if (underscore_direction && ends_with_ci(f, "_up.sql")) {
    g.direction = ScriptDirection::Up;
    g.underscore_form = true;
    rest = f.substr(0, f.size() - 7);
  } else if (underscore_direction && ends_with_ci(f, "_down.sql")) {
    g.direction = ScriptDirection::Down;
    g.underscore_form = true;
    rest = f.substr(0, f.size() - 9);
  } else {
    return std::nullopt;
  }
  std::size_t digits = 0;
  while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits])))
    ++digits;
  if (digits == 0)
    return std::nullopt;
  g.version = std::string(rest.substr(0, digits));
  rest.remove_prefix(digits);
  if (!rest.empty() && rest.front() == '_')
    rest.remove_prefix(1);
  if (ends_with_ci(rest, ".autocommit")) {
    g.autocommit = true;
    rest.remove_suffix(11);
  }
  if (std::size_t dot = rest.rfind('.');
      dot != std::string_view::npos && known_tag(rest.substr(dot + 1))) {
    g.dialect = lowercase_ascii(rest.substr(dot + 1));
    rest = rest.substr(0, dot);
  }
  g.name = std::string(rest);
  return g;
}

std::optional<FlywayName> parse_flyway_name(std::string_view f) {
  if (!ends_with_ci(f, ".sql") || f.size() < 6)
    return std::nullopt;
  std::string_view stem = f.substr(0, f.size() - 4);
  FlywayName n;
  switch (stem.front()) {
  case 'V':
    n.kind = FlywayKind::Versioned;
    break;
  case 'U':
    n.kind = FlywayKind::Undo;
    break;
  case 'R':
    n.kind = FlywayKind::Repeatable;
    break;
  default:
    return std::nullopt;
  }
  std::size_t sep = stem.find("__");
  if (sep == std::string_view::npos)
    return std::nullopt;
  std::string_view version = stem.substr(1, sep - 1);
  if (n.kind == FlywayKind::Repeatable) {
    if (!version.empty())
      return std::nullopt;
  } else {
    if (version.empty() || !std::isdigit(static_cast<unsigned char>(version.front())))
      return std::nullopt;
    for (char c : version)
      if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.' && c != '_')
        return std::nullopt;
  }
  n.version = std::string(version);
  for (char& c : n.version)
    if (c == '_')
      c = '.';
  n.name = std::string(stem.substr(sep + 2));
  return n;
}

PrefixName split_version_prefix(std::string_view stem) {
  std::size_t us = stem.find('_');
  if (us == std::string_view::npos) {
    if (all_digits(stem))
      return {std::string(stem), ""};
    return {"", std::string(stem)};
  }
  return {std::string(stem.substr(0, us)), std::string(stem.substr(us + 1))};
}

std::string version_key(std::string_view version) {
  std::vector<std::string> parts;
  std::string part;
  auto flush = [&] {
    std::size_t z = 0;
    while (z + 1 < part.size() && part[z] == '0')
      ++z;
    parts.push_back(part.substr(z));
    part.clear();
  };
  for (char c : version) {
    if (c == '.' || c == '_' || c == '-')
      flush();
    else
      part += c;
  }
  flush();
  while (parts.size() > 1 && parts.back() == "0")
    parts.pop_back();
  std::string key;
  for (const auto& p : parts)
    key += (key.empty() ? "" : ".") + p;
  return key;
}

} // namespace pgdrydock::sources
