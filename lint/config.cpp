// .pgdrydock.toml, read with toml++. Every mistake is reported as `file:line: message` so the
// user can go straight to it; unknown keys are mistakes too (a typo must not be ignored).
#include "lint/config.h"

#include <filesystem>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "lint/rule_registry.h"
#include "lint/sources/read_source.h"
#include "lint/support/error.h"

namespace pgdrydock {
namespace {

constexpr const char* kConfigName = ".pgdrydock.toml";

// Inside this reader a mistake unwinds to load_config() (the nesting is deep and every mistake
// ends the read); load_config() returns it as an Error.
[[noreturn]] void reject(const std::string& path, const toml::node* node, std::string message) {
  int line = node ? static_cast<int>(node->source().begin.line) : 0;
  int column = node ? static_cast<int>(node->source().begin.column) : 0;
  throw ErrorException(Error{path, line, column, std::move(message)});
}

Severity read_severity(const std::string& path, const toml::node& node, std::string_view key) {
  auto text = node.value<std::string>();
  auto s = text ? severity_from_string(*text) : std::nullopt;
  if (!s)
    reject(path, &node, fmt::format("{} must be \"error\", \"warning\" or \"info\"", key));
  return *s;
}

std::set<std::string> read_rule_list(const std::string& path, const toml::node& node,
                                     std::string_view key, std::vector<std::string>& unknown) {
  const auto* array = node.as_array();
  if (!array)
    reject(path, &node, fmt::format("{} must be a list of rule ids", key));
  std::set<std::string> out;
  for (const auto& item : *array) {
    auto id = item.value<std::string>();
    if (!id)
      reject(path, &item, fmt::format("{} must be a list of rule ids", key));
    if (!RuleRegistry::instance().find(*id))
      unknown.push_back(*id);
    out.insert(*id);
  }
  return out;
}

void read_rules(const std::string& path, const toml::table& rules, Config& c) {
  std::vector<std::string> unknown;
  for (const auto& [key, node] : rules) {
    std::string_view k = key.str();
    if (k == "disable") {
      c.rules.disabled = read_rule_list(path, node, "rules.disable", unknown);
    } else if (k == "enable") {
      c.rules.only = read_rule_list(path, node, "rules.enable", unknown);
    } else if (k == "severity") {
      const auto* table = node.as_table();
      if (!table)
        reject(path, &node, "[rules.severity] must be a table of rule-id = \"severity\"");
      for (const auto& [id, value] : *table) {
        std::string rule(id.str());
        if (!RuleRegistry::instance().find(rule))
          unknown.push_back(rule);
        c.rules.severity[rule] = read_severity(path, value, "rules.severity." + rule);
      }
    } else {
      reject(path, &node,
             fmt::format("unknown key rules.{} (known: disable, enable, severity)", k));
    }
  }
  if (!unknown.empty()) {
    std::string names;
    for (const auto& u : unknown)
      names += (names.empty() ? "" : ", ") + u;
    reject(path, &rules,
           fmt::format("unknown rule id{} {} (see `pgdrydock rules`)",
                       unknown.size() > 1 ? "s" : "", names));
  }
}

void read_stats(const std::string& path, const toml::table& stats, Config& c) {
  for (const auto& [key, node] : stats) {
    std::string_view k = key.str();
    if (k == "file") {
      auto v = node.value<std::string>();
      if (!v || v->empty())
        reject(path, &node, "stats.file must be the path of a `pgdrydock stats` file");
      std::filesystem::path file(*v);
      if (file.is_relative())
        file = std::filesystem::path(path).parent_path() / file;
      c.stats_file = file.lexically_normal().string();
    } else if (k == "small_rows" || k == "large_rows") {
      auto v = node.value<double>();
      if (!v || *v < 0)
        reject(path, &node, fmt::format("stats.{} must be a non-negative row count", k));
      (k == "small_rows" ? c.stats_small_rows : c.stats_large_rows) = *v;
    } else {
      reject(path, &node,
             fmt::format("unknown key stats.{} (known: file, small_rows, large_rows)", k));
    }
  }
  if (c.stats_small_rows && c.stats_large_rows && *c.stats_small_rows > *c.stats_large_rows)
    reject(path, &stats, "stats.small_rows must not be above stats.large_rows");
}

// [limits] max_file_bytes = 67108864: how large an input file may be; max_statement_bytes: how
// large one statement may be (docs/errors.md).
void read_limits(const std::string& path, const toml::table& limits, Config& c) {
  for (const auto& [key, node] : limits) {
    std::optional<std::uint64_t>* target = key.str() == "max_file_bytes" ? &c.max_file_bytes
                                           : key.str() == "max_statement_bytes"
                                               ? &c.max_statement_bytes
                                               : nullptr;
    if (target == nullptr)
      reject(path, &node,
             fmt::format("unknown key limits.{} (known: max_file_bytes, max_statement_bytes)",
                         key.str()));
    auto v = node.value<int64_t>();
    if (!v || *v <= 0)
      reject(path, &node, fmt::format("limits.{} must be a positive number of bytes", key.str()));
    *target = static_cast<std::uint64_t>(*v);
  }
}

// [cache] enabled = false / dir = "path": the catalog cache of `lint` (docs/catalog.md).
void read_cache(const std::string& path, const toml::table& cache, Config& c) {
  for (const auto& [key, node] : cache) {
    std::string_view k = key.str();
    if (k == "enabled") {
      auto v = node.value<bool>();
      if (!v)
        reject(path, &node, "cache.enabled must be true or false");
      c.cache_enabled = *v;
    } else if (k == "dir") {
      auto v = node.value<std::string>();
      if (!v || v->empty())
        reject(path, &node, "cache.dir must be the path of a folder");
      std::filesystem::path dir(*v);
      if (dir.is_relative())
        dir = std::filesystem::path(path).parent_path() / dir;
      c.cache_dir = dir.lexically_normal().string();
    } else {
      reject(path, &node, fmt::format("unknown key cache.{} (known: enabled, dir)", k));
    }
  }
}

} // namespace

bool RuleSettings::enabled(std::string_view id) const {
  std::string key(id);
  if (!only.empty() && !only.count(key))
    return false;
  return !disabled.count(key);
}

std::optional<std::string> find_config(const std::string& start_dir) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(start_dir, ec);
  if (ec)
    return std::nullopt;
  while (true) {
    auto candidate = dir / kConfigName;
    if (std::filesystem::is_regular_file(candidate, ec))
      return candidate.string();
    if (!dir.has_parent_path() || dir.parent_path() == dir)
      return std::nullopt;
    dir = dir.parent_path();
  }
}

static Config read_config(const std::string& path) {
  Config c;
  c.path = path;
  // The one reader: a FIFO or /dev/zero named by --config is refused, not waited on.
  const std::string text = value_or_throw(
      sources::read_regular_file(path, path, sources::file_size_limits().file, "a config file"));
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    throw ErrorException(Error{path, static_cast<int>(where.line), static_cast<int>(where.column),
                               "invalid TOML: " + std::string(e.description())});
  }
  for (const auto& [key, node] : root) {
    std::string_view k = key.str();
    if (k == "pg_version") {
      // Integers only: toml++'s value<int64_t>() casts a float such as 1.9e19 to an integer,
      // which overflows (undefined behaviour, found by the config fuzzer).
      auto v = node.value_exact<int64_t>();
      if (!v || *v < kOldestPgVersion || *v > kNewestPgVersion)
        reject(path, &node,
               fmt::format("pg_version must be a PostgreSQL major version from {} to {}",
                           kOldestPgVersion, kNewestPgVersion));
      c.pg_version = static_cast<int>(*v);
    } else if (k == "assume_in_transaction") {
      auto v = node.value<bool>();
      if (!v)
        reject(path, &node, "assume_in_transaction must be true or false");
      c.assume_in_transaction = *v;
    } else if (k == "fail_on") {
      c.fail_on = read_severity(path, node, "fail_on");
    } else if (k == "layout") {
      auto v = node.value<std::string>();
      auto layout = v ? layout_from_string(*v) : std::nullopt;
      if (!layout)
        reject(path, &node,
               "layout must be one of file, plain, golang-migrate, folder, diesel, sqlx, dbmate, "
               "flyway, alembic");
      c.layout = layout;
    } else if (k == "rules") {
      const auto* table = node.as_table();
      if (!table)
        reject(path, &node, "rules must be a table ([rules])");
      read_rules(path, *table, c);
    } else if (k == "stats") {
      const auto* table = node.as_table();
      if (!table)
        reject(path, &node, "stats must be a table ([stats])");
      read_stats(path, *table, c);
    } else if (k == "limits") {
      const auto* table = node.as_table();
      if (!table)
        reject(path, &node, "limits must be a table ([limits])");
      read_limits(path, *table, c);
    } else if (k == "cache") {
      const auto* table = node.as_table();
      if (!table)
        reject(path, &node, "cache must be a table ([cache])");
      read_cache(path, *table, c);
    } else if (k == "simulate") {
      // Settings of `pgdrydock simulate`; that command reads them itself.
    } else {
      reject(path, &node,
             fmt::format("unknown key {} (known: pg_version, assume_in_transaction, fail_on, "
                         "layout, [rules], [stats], [limits], [cache], [simulate])",
                         k));
    }
  }
  return c;
}

Expected<Config> load_config(const std::string& path) {
  try {
    return read_config(path);
  } catch (const ErrorException& e) {
    return fail(e.error());
  }
}

} // namespace pgdrydock
