// .pgdrydock.toml: repository defaults (found by walking up from the current folder, or --config).
//
//   pg_version = 13
//   assume_in_transaction = false
//   fail_on = "warning"
//   [rules]
//   disable = ["missing-lock-timeout"]
//   enable = ["..."]            # only these, when given
//   [rules.severity]
//   unbatched-backfill = "error"
//   [stats]                     # production table sizes (--stats FILE)
//   file = "prod-stats.json"    # used when --stats is not given (relative to this file)
//   small_rows = 100000         # below: size-driven findings become info
//   large_rows = 1000000        # at or above: they become errors
//   [limits]
//   max_file_bytes = 67108864   # largest input file (--max-file-size wins); docs/errors.md
//   max_statement_bytes = 33554432 # largest single statement (--max-statement-size wins)
//   [cache]                     # the catalog cache of `lint` (docs/catalog.md)
//   enabled = false             # as --no-cache
//   dir = ".cache/pgdrydock"    # as --cache-dir (relative to this file)
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "lint/migration.h"
#include "lint/rule.h"
#include "lint/support/error.h"

namespace pgdrydock {

// The PostgreSQL major versions whose behaviour the rules know: --pg-version and pg_version
// accept these (rules state in their docs where a verdict changes inside the range), and the
// target when neither names one.
inline constexpr int kOldestPgVersion = 11;
inline constexpr int kNewestPgVersion = 18;
inline constexpr int kDefaultPgVersion = 15;

struct RuleSettings {
  std::set<std::string> disabled;
  std::set<std::string> only; // when non-empty: only these rules run
  std::map<std::string, Severity> severity;
  bool enabled(std::string_view id) const;
};

struct Config {
  std::string path; // where it was read from ("" when none)
  std::optional<int> pg_version;
  std::optional<bool> assume_in_transaction;
  std::optional<Severity> fail_on;
  std::optional<Layout> layout;
  RuleSettings rules;
  // [stats]
  std::optional<std::string> stats_file; // made absolute against the config's folder
  std::optional<double> stats_small_rows;
  std::optional<double> stats_large_rows;
  // [limits]
  std::optional<std::uint64_t> max_file_bytes;
  std::optional<std::uint64_t> max_statement_bytes;
  // [cache]
  std::optional<bool> cache_enabled;
  std::optional<std::string> cache_dir; // made absolute against the config's folder
};

// Walks up from `start_dir` to the filesystem root looking for .pgdrydock.toml.
std::optional<std::string> find_config(const std::string& start_dir);
// The config, or an input Error with file:line:column for a bad file.
Expected<Config> load_config(const std::string& path);

} // namespace pgdrydock
