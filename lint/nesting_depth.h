// A cheap estimate of how deeply a statement's parse tree will nest, read from its text before
// libpg_query sees it. libpg_query turns each nesting level into a recursive call when it
// writes its JSON tree: a long enough chain (`1+1+1+...`) overflows the stack and kills the
// process, so absurd statements must be refused before they are parsed.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace pgdrydock {

// Deeper than this is never a hand-written migration; PostgreSQL itself stops near here
// (its grammar stack holds 10,000 entries and its max_stack_depth trips much earlier).
inline constexpr int kMaxStatementNesting = 1000;

struct ExcessiveNesting {
  std::size_t byte_offset = 0; // where the limit was crossed
  int depth = 0;               // the estimate at that point (limit + 1)
};

// Counts open parentheses/brackets plus operator chains at each level (each binary operator
// in `a + b + c` nests the tree one level, and so do COLLATE, AT TIME ZONE and each JOIN);
// skips quotes, dollar-quotes and comments.
// Returns where the estimate first exceeds `limit`, or nothing.
std::optional<ExcessiveNesting> find_excessive_nesting(std::string_view sql,
                                                       int limit = kMaxStatementNesting);

} // namespace pgdrydock
