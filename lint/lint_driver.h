// The lint driver: migrations -> statements -> parse -> effects -> rules -> findings.
#pragma once

#include "lint/config.h"
#include "lint/lint_result.h"
#include "lint/migration.h"

namespace pgdrydock {

struct LintOptions {
  int pg_version = 15;
  RuleSettings rules;
  // Keep every statement in the result (JSON wants them); otherwise only those with findings,
  // which keeps memory flat on huge files for text/gcc output.
  bool keep_all_statements = true;
  unsigned threads = 0; // 0: one per core (libpg_query is thread-safe)
};

LintResult lint_migrations(const MigrationSet& set, const LintOptions& options);
MigrationResult lint_migration(const Migration& migration, const LintOptions& options);

} // namespace pgdrydock
