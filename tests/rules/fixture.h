// The rule fixture format, shared by the fixture test, the catalog test and the unit tests.
//
// A fixture is rules/fixtures/<rule-id>.sql: plain SQL where the verdict sits beside the case.
//
//   -- case: old server pg_version=10 mode=transaction
//   CREATE TABLE fresh (id int);
//   CREATE INDEX fresh_id ON fresh (id);         -- no expect line: no finding of the rule
//   -- expect: require-concurrent-index-creation
//   CREATE INDEX orders_created ON orders (created_at);
//   -- down:
//   DROP INDEX orders_created;
//
// - `-- case: <name> [key=value ...]` starts a case; each case is linted as its own migration
//   (its up script, and its down script after a `-- down:` line) with lint_migration.
//   Settings: pg_version=<10..17> (default 15), mode=autocommit|transaction|implicit
//   (default autocommit; transaction = the runner wraps the script, implicit = one
//   multi-statement query as golang-migrate sends it), layout=<name as --layout spells it>
//   (default file; e.g. golang-migrate, dbmate, flyway, folder). A file without `-- case:` lines is
//   one case; before the first `-- case:` only comments may appear.
// - `-- expect: <rule-id>` on the line right above a statement (only other comment lines may
//   sit between, e.g. a `-- pgdrydock:ignore` directive) means that statement must produce
//   exactly one finding of that rule; repeat the line for two.
// - `-- expect-migration: <rule-id>` anywhere in a case: the migration as a whole (a rule's
//   check_migration) must produce that finding.
// - Every statement or case without an expectation must produce no finding of the fixture's
//   rule. Only the rule the fixture is named after is checked (and run).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lint/lint_result.h"
#include "lint/migration.h"
#include "lint/source_file.h"

namespace pgdrydock::fixture {

struct CaseSettings {
  int pg_version = 15;
  TransactionMode mode = TransactionMode::Autocommit;
  Layout layout = Layout::SingleFile;
};

struct ByteRange {
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct Expectation {
  std::string rule;
  int line = 0;        // the `-- expect:` comment
  int target_line = 0; // first line of the statement it applies to
};

struct FixtureCase {
  std::string name;
  int line = 0; // of the `-- case:` line (1 when the file has none)
  CaseSettings settings;
  ByteRange up;
  std::optional<ByteRange> down;
  std::vector<Expectation> statement_expects;
  std::vector<Expectation> migration_expects; // target_line unused
};

struct Fixture {
  std::string rule_id; // the file name without .sql
  SourceFilePtr file;
  std::vector<FixtureCase> cases;
  std::vector<std::string> errors; // malformed fixture: "file:line: message"
};

// Directory holding rules/fixtures (from the source tree).
std::string fixtures_dir();
std::string docs_dir();
// Every *.sql in fixtures_dir(), sorted.
std::vector<std::string> fixture_paths();

Fixture parse_fixture(const std::string& display_path, std::string content);
Fixture load_fixture(const std::string& path);

struct CaseOutcome {
  std::vector<std::string> mismatches; // "file:line: ..." per disagreement
  int statement_positives = 0;         // statements expected to produce the rule's finding
  int statement_negatives = 0;         // statements of a kind the rule looks at, expected clean
  int migration_positives = 0;
  int migration_negatives = 0; // cases without expect-migration
  // "file:line" of findings of the rule with an empty message or recipe.
  std::vector<std::string> findings_without_recipe;
};

// Lints one case (only the fixture's rule enabled) and compares with its expectations.
CaseOutcome run_case(const Fixture& fixture, const FixtureCase& c);
// All cases added up.
CaseOutcome run_fixture(const Fixture& fixture);

// For unit tests: lints `up` (and `down`) as one migration with every rule enabled.
MigrationResult lint_sql(const std::string& up, CaseSettings settings = {},
                         std::optional<std::string> down = std::nullopt);
// Findings of `rule` anywhere in a result (statements and migration level).
std::vector<Finding> findings_of(const MigrationResult& result, std::string_view rule);

} // namespace pgdrydock::fixture
