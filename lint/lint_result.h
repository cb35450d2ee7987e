// The lint report as data. JSON (reports/json_report.cpp) is its contract; every other format
// is rendered from the same structure. Simulate adds its measurements beside it, as the types
// of simulate/result/simulation_result.h (header-only: lint links nothing of simulate).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lint/effect.h"
#include "lint/lint_context.h"
#include "lint/migration.h"
#include "lint/rule.h"
#include "simulate/result/simulation_result.h"

namespace pgdrydock {

constexpr int kReportSchemaVersion = 1;

struct StatementResult {
  SourceLocation location;
  std::string text;
  std::string kind; // "IndexStmt", ... ("" when it did not parse)
  bool in_transaction = false;
  // > 0: a statement the DO block at this line runs (linted where it stands; the replay sends
  // the block, never this statement on its own).
  int inside_do_line = 0;
  std::vector<Effect> effects;
  std::vector<Finding> findings;
  // COPY ... FROM stdin in a psql script: the rows that follow it, which simulate streams to it.
  std::optional<std::string> copy_rows;
  // Filled by simulate when it replayed the statement, none for lint: its keys ("observed",
  // "duration_ms", "blocked_reads_ms", ...) are merged into the statement's JSON object.
  std::optional<StatementObservation> measured;
};

struct ScriptResult {
  Direction direction = Direction::Up;
  std::string file;
  TransactionMode mode = TransactionMode::Autocommit;
  std::string mode_reason;
  int statement_count = 0;
  std::vector<StatementResult> statements; // all, or only those with findings (see LintOptions)
};

struct MigrationResult {
  std::string version;
  std::string name;
  Layout layout = Layout::SingleFile;
  std::string runner;
  bool has_down = false;
  std::vector<ScriptResult> scripts;             // up, then down when present
  std::vector<Finding> findings;                 // migration-level findings (no statement)
  std::optional<MigrationSimulation> simulation; // filled by simulate; none for lint
  std::size_t finding_count() const;
};

struct Summary {
  int errors = 0;
  int warnings = 0;
  int infos = 0;
  int files = 0;
  int statements = 0;
  int migrations = 0;
  int suppressed_by_baseline = 0; // findings a --baseline file accepted (not counted above)
};

struct LintResult {
  int pg_version = 15;
  std::vector<MigrationResult> migrations;
  std::vector<SkippedFile> skipped;
  std::vector<Error> errors;
  Summary summary;
  int suppressed_by_baseline = 0; // set by the CLI's --baseline (cli/baseline.h)
};

// All findings of a result in report order (by migration, script, statement).
std::vector<const Finding*> all_findings(const LintResult& result);
Summary summarize(const LintResult& result);

} // namespace pgdrydock
