// Suppression markers of other migration linters, honoured where they mean what a
// `-- pgdrydock:ignore` directive means, so a history written for those tools is not flagged
// again for what its authors already accepted (README, "Suppression markers"):
//   - `-- safety-assured:start` ... `-- safety-assured:end` (diesel-guard, used in Diesel
//     histories such as crates.io): every statement in the block is asserted safe;
//   - `-- squawk-ignore rule[, rule...]` (squawk) on the line above a statement or inside it:
//     the squawk rules that have a pgdrydock rule of the same meaning (kSquawkRules in
//     ignore_markers.cpp); a bare `-- squawk-ignore` ignores every hazard, like a block.
// Neither silences a finding that PostgreSQL would reject the statement (syntax-error,
// unknown-object, concurrent-index-in-transaction): asserting safety does not make it run.
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include "lint/statement.h"

namespace pgdrydock {

// The pgdrydock rules a `squawk-ignore` comment silences: empty when the comment is not one;
// kEveryHazard alone for a bare `squawk-ignore`. Squawk rules with no counterpart here
// (ban-drop-column, prefer-robust-stmts...) silence nothing.
std::vector<IgnoreDirective> squawk_ignore_directives(std::string_view comment);

// Byte ranges of `script` between a `safety-assured:start` comment and its `:end` (to the end
// of the script when the block is never closed), each with the 1-based line of its start.
struct AssuredBlock {
  std::size_t begin = 0; // just after the start comment
  std::size_t end = 0;   // the end comment (or the script's end)
  std::size_t start_comment = 0;
};
std::vector<AssuredBlock> safety_assured_blocks(std::string_view script);

// Whether an "every hazard" directive (a safety-assured block, a bare squawk-ignore) covers the
// rule: every rule except those saying PostgreSQL would refuse the statement.
bool hazard_rule(std::string_view rule_id);

} // namespace pgdrydock
