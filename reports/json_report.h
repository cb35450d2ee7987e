// The JSON report: the contract every other format (and simulate) builds on.
// Shape: {"schema_version", "tool", "pg_version", "migrations": [{..., "scripts": [{...,
// "statements": [{"location", "text", "kind", "in_transaction", "effects", "findings", ...}]}],
// "findings", "simulation"?}], "skipped", "errors", "summary"}.
// A statement's "text" is at most 4000 characters around its first finding, messages 1000
// (reports/snippet.h): a 2 MB statement does not make a 2 MB report.
#pragma once

#include <nlohmann/json.hpp>

#include "lint/lint_result.h"

namespace pgdrydock {

nlohmann::json to_json(const LintResult& result);
nlohmann::json to_json(const MigrationResult& migration);
nlohmann::json to_json(const StatementResult& statement);
nlohmann::json to_json(const Finding& finding);
nlohmann::json to_json(const Effect& effect);
nlohmann::json to_json(const SourceLocation& location);
nlohmann::json to_json(const Summary& summary);

} // namespace pgdrydock
