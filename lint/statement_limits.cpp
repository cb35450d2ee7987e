#include "lint/statement_limits.h"

#include <atomic>

#include <fmt/format.h>

#include "lint/nesting_depth.h"
#include "lint/sources/read_source.h"

namespace pgdrydock {
namespace {

std::atomic<std::uint64_t> statement_limit{kDefaultMaxStatementBytes};

// The words each refusal starts with, so that is_limit_refusal recognises exactly these.
constexpr std::string_view kNestedWords = "statement nested more than ";
constexpr std::string_view kSizeWords = " is larger than the statement limit of ";

} // namespace

void set_max_statement_bytes(std::uint64_t bytes) {
  statement_limit.store(bytes);
}

std::uint64_t max_statement_bytes() {
  return statement_limit.load();
}

std::optional<StatementRefusal> refuse_statement(std::string_view sql) {
  // Checked first: a statement over the size limit is not even scanned for its nesting.
  if (const std::uint64_t limit = max_statement_bytes(); sql.size() > limit) {
    return StatementRefusal{
        fmt::format("statement of {}{}{} (raise it with --max-statement-size or [limits] "
                    "max_statement_bytes)",
                    sources::describe_size(sql.size()), kSizeWords, sources::describe_size(limit)),
        0};
  }
  // libpg_query writes its tree recursively: refuse absurd nesting before it can overflow the
  // stack (10,000 nested parentheses, a 100,000-term `1+1+...` chain, 70,000 JOINs).
  if (auto deep = find_excessive_nesting(sql)) {
    return StatementRefusal{fmt::format("{}{} levels deep (parentheses or chained operators); "
                                        "split it up",
                                        kNestedWords, kMaxStatementNesting),
                            deep->byte_offset};
  }
  return std::nullopt;
}

bool is_limit_refusal(std::string_view message) {
  return message.find(fmt::format("{}{} levels deep", kNestedWords, kMaxStatementNesting)) !=
             std::string_view::npos ||
         message.find(kSizeWords) != std::string_view::npos;
}

} // namespace pgdrydock
