// The lint driver: migrations -> statements -> parse -> effects -> rules -> findings.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "lint/config.h"
#include "lint/lint_result.h"
#include "lint/migration.h"
#include "lint/support/progress.h"

namespace pgdrydock {

class Catalog;           // lint/catalog/catalog.h
struct TableSizeContext; // lint/stats_escalation.h

struct LintOptions {
  int pg_version = 15;
  // Where the run is, for a person watching a long one (lint/support/progress.h).
  Progress* progress = &no_progress();
  RuleSettings rules;
  // Keep every statement in the result (JSON wants them); otherwise only those with findings,
  // which keeps memory flat on huge files for text/gcc output.
  bool keep_all_statements = true;
  unsigned threads = 0; // 0: one per core (libpg_query is thread-safe); 1: no worker threads
  // false: the catalog a history's replay ends with is left allocated, never freed. For a
  // process that exits right after the lint (the CLI's release build): freeing its millions of
  // small nodes one by one cost up to a third of a short run, and the OS takes them back whole.
  bool free_catalog = true;
  // --stats: production table sizes name and weigh findings (lint/stats_escalation.h).
  std::shared_ptr<const TableSizeContext> table_sizes;
  // Replay the history into an in-memory catalog (lint/catalog/) so rules see the schema each
  // migration starts from.
  bool use_catalog = true;
  // The schema before the first migration (--schema, a pg_dump --schema-only file); when
  // empty, the history starts from an empty database.
  std::shared_ptr<const Catalog> schema;
  // Migrations before this index are replayed into the catalog but not linted, and left out
  // of the result (the pre-commit case: lint the newest migration of a long history).
  std::size_t first_linted = 0;
  // When non-empty: only the migrations at these indexes are linted (first_linted is then
  // ignored); the others are still replayed so each linted one sees the schema before it
  // (`pgdrydock lint DIR --changed FILE`: the files a commit touches, anywhere in the history).
  std::vector<std::size_t> linted;
  // The catalog cache's hook (lint/cache/catalog_cache.h). resume_catalog: the catalog after the
  // up scripts of migrations [0, resume_at), where the replay starts instead of at the first
  // migration (ignored unless resume_at <= the first linted index). keep_catalog: called with
  // the catalog after the ups of [0, keep_at) as the replay passes there (keep_at must be a
  // linted index), so the caller can store it.
  std::shared_ptr<const Catalog> resume_catalog;
  std::size_t resume_at = 0;
  std::size_t keep_at = 0;
  std::function<void(const Catalog&)> keep_catalog;
};

// Anything that goes wrong while linting a file (on any thread) is thrown to the caller as an
// ErrorException naming that file (lint/input_error.h): the CLI exits 2.
LintResult lint_migrations(const MigrationSet& set, const LintOptions& options);
MigrationResult lint_migration(const Migration& migration, const LintOptions& options);

} // namespace pgdrydock
