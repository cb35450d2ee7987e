// Adopting pgdrydock on an old repository: `lint --write-baseline FILE` records today's
// findings, later runs with `--baseline FILE` report only new ones. A finding is known by its
// fingerprint (reports/finding_fingerprint.h: rule + file + normalised statement text), so
// moving a statement down the file or re-indenting it keeps it suppressed; changing it does not.
#pragma once

#include <set>
#include <string>

#include "lint/lint_result.h"
#include "lint/support/error.h"

namespace pgdrydock {

struct Baseline {
  std::string path;
  std::set<std::string> fingerprints;
};

// Reads a baseline file written by write_baseline. A missing or malformed file is an input
// Error naming the file (and the line of a JSON syntax error).
Expected<Baseline> read_baseline(const std::string& path);

// Writes every finding of `result` (input errors excluded: they must be fixed, not accepted)
// as a baseline, atomically. Returns how many findings it recorded.
Expected<std::size_t> write_baseline(const std::string& path, const LintResult& result);

// Removes the findings whose fingerprint the baseline holds from `result`, recomputes its
// summary, and records the number removed in result.suppressed_by_baseline. Statements left
// without findings are dropped when the result keeps only statements with findings.
void apply_baseline(LintResult& result, const Baseline& baseline, bool keep_all_statements);

} // namespace pgdrydock
