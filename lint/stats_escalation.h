// Lint with production table sizes (--stats): one pass over each statement's findings, after
// every rule has spoken, so no rule needs to know about statistics. A finding names the size of
// the table its statement works on ("orders: 41.2 M rows, 18 GB"), and when the statement's
// cost grows with that table (it rewrites or scans it, or changes every row), the severity
// follows the size: info on a small table, error on a large one, unchanged in between.
#pragma once

#include <memory>
#include <vector>

#include "lint/effect.h"
#include "lint/lint_context.h"
#include "lint/rule.h"
#include "lint/table_stats.h"

namespace pgdrydock {

// Row counts that move severities; `[stats] small_rows / large_rows` in .pgdrydock.toml.
struct TableSizeThresholds {
  double small_rows = 100'000;   // below: size-driven findings become info
  double large_rows = 1'000'000; // at or above: they become errors
};

// What --stats brings to lint; shared (read-only) by every lint thread.
struct TableSizeContext {
  std::shared_ptr<const StatsFile> stats;
  TableSizeThresholds thresholds;
};

// Annotates and re-weighs `findings` of one statement. `context` is the state before the
// statement (tables created earlier in the migration are new, so neither sized nor missing).
void weigh_findings_by_table_size(std::vector<Finding>& findings,
                                  const std::vector<Effect>& effects, const StatementTraits& traits,
                                  const LintContext& context, const TableSizeContext& sizes);

} // namespace pgdrydock
