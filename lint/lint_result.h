// The lint report as data. JSON (reports/json_report.cpp) is its contract; every other format
// is rendered from the same structure. Simulate adds its measurements beside it.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lint/effect.h"
#include "lint/lint_context.h"
#include "lint/migration.h"
#include "lint/rule.h"

namespace pgdrydock {

constexpr int kReportSchemaVersion = 1;

struct StatementResult {
  SourceLocation location;
  std::string text;
  std::string kind;           // "IndexStmt", ... ("" when it did not parse)
  bool in_transaction = false;
  std::vector<Effect> effects;
  std::vector<Finding> findings;
  // Filled by simulate, null for lint: its keys ("observed", "duration_ms",
  // "blocked_reads_ms", "blocked_writes_ms", ...) are merged into the statement's JSON object.
  nlohmann::json measured;
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
  std::vector<ScriptResult> scripts;     // up, then down when present
  std::vector<Finding> findings;         // migration-level findings (no statement)
  nlohmann::json simulation;             // filled by simulate; null for lint
  std::size_t finding_count() const;
};

struct Summary {
  int errors = 0;
  int warnings = 0;
  int infos = 0;
  int files = 0;
  int statements = 0;
  int migrations = 0;
};

struct LintResult {
  int pg_version = 15;
  std::vector<MigrationResult> migrations;
  std::vector<SkippedFile> skipped;
  std::vector<InputError> errors;
  Summary summary;
};

// All findings of a result in report order (by migration, script, statement).
std::vector<const Finding*> all_findings(const LintResult& result);
Summary summarize(const LintResult& result);

} // namespace pgdrydock
