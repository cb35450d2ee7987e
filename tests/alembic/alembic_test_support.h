// Shared helpers of the Alembic tests: the fixture projects under tests/fixtures/ and a lint
// run over a loaded set.
#pragma once

#include <string>
#include <vector>

#include "lint/alembic/alembic_source.h"
#include "lint/lint_driver.h"

namespace pgdrydock::alembic_test {

// tests/fixtures/<name>/alembic.ini
std::string project_ini(const std::string& name);

struct Loaded {
  MigrationSet set;
  std::vector<std::string> warnings;
};
Loaded load(AlembicOptions options);
Loaded load_project(const std::string& name);

const Migration* find_migration(const MigrationSet& set, const std::string& version);
std::vector<std::string> versions(const MigrationSet& set);

// Every finding of `rule` in the result (statement and migration level).
std::vector<Finding> findings_of(const LintResult& result, const std::string& rule);
// The statement whose text starts with `prefix` in the given direction of a migration.
const StatementResult* statement_starting(const LintResult& result, const std::string& version,
                                          Direction direction, const std::string& prefix);

} // namespace pgdrydock::alembic_test
