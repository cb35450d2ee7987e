// Builds catalogs from SQL: replaying migration scripts statement by statement, and reading a
// `pg_dump --schema-only` file (--schema) as the starting point of a history.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "lint/catalog/catalog.h"
#include "lint/migration.h"

namespace pgdrydock {

class ParseSession;

// Applies every statement of the script that parses (the others change nothing). Returns the
// number of objects the script named that did not exist when it named them (counted even when
// the catalog is not trusted, which is how a history's completeness is judged).
int replay_script(Catalog& catalog, const Script& script, ParseSession& parser);

// The catalog at the start of each migration (index i: after the up scripts of 0..i-1), from
// `start` (a --schema dump, or empty). The history is trusted when a start was given or its first
// migration's up names nothing it did not create. Index size(): after the last up.
std::vector<std::shared_ptr<const Catalog>>
replay_history(const std::vector<Migration>& migrations,
               const std::shared_ptr<const Catalog>& start, std::size_t first_needed = 0);

// Lets the lint driver move the catalog past the up scripts it lints itself, linting each
// statement with the same parse tree it applies (every up script is parsed once). `run` is
// called for each index `takes` accepts, after the snapshot of the catalog before it is taken.
// For the first migration of a history without a start, its trust is judged first (rules in it
// see the verdict): that up script is read once more, up to its first unknown name.
struct UpScriptPass {
  std::function<bool(std::size_t index)> takes;
  std::function<void(std::size_t index, Catalog& catalog, ParseSession& parser)> run;
  // When set, each snapshot goes here as it is taken (index i: the catalog before migration i;
  // size(): after the last up) instead of into the returned vector, so that the caller can let
  // go of each once it has used it: memory then stays flat in the length of the history.
  std::function<void(std::size_t index, std::shared_ptr<const Catalog> snapshot)> snapshot;
};
// Where a replay may resume (the catalog cache, lint/cache/): `catalog` is the catalog after
// the up scripts of migrations [0, at), taken as it is (its trust was judged when it was made).
// The snapshots before `at` are then left empty; `at` must not pass first_needed.
struct ReplayResume {
  std::shared_ptr<const Catalog> catalog;
  std::size_t at = 0;
};
std::vector<std::shared_ptr<const Catalog>>
replay_history(std::span<const Migration> migrations, const std::shared_ptr<const Catalog>& start,
               std::size_t first_needed, const UpScriptPass& pass, const ReplayResume& resume = {});

// Reads pg_dump --schema-only output (PostgreSQL 15): psql meta-commands (\restrict,
// \unrestrict, \connect) are skipped, SET/set_config lines, ownership and grants change
// nothing. An input Error naming file and line when a statement does not parse.
Expected<Catalog> load_schema_dump(const std::string& path);
// The --schema file's text, read as lint and simulate both read it (a regular file within the
// --schema size limit); the Error says `--schema: ...`.
Expected<std::string> read_schema_dump(const std::string& path);
Expected<Catalog> load_schema_dump_text(const std::string& display_path, std::string content);

} // namespace pgdrydock
