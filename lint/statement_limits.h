// The limits one statement must stay within before it is parsed (docs/errors.md "Limits"):
// its size and its nesting. A statement over one is refused with a message naming the limit;
// the driver reports it where the statement starts (or where the nesting limit is crossed) and
// the run exits 2 like any input over a limit, while every other statement is still linted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pgdrydock {

// Parsing costs far more memory than the text it reads: libpg_query's JSON is about 4 times the
// SQL and the DOM read from it about 4 times the JSON, so a statement peaks near 21 bytes of
// memory per byte (a 50 MB INSERT ... VALUES: 1.07 GB resident). 32 MB keeps the largest
// statement allowed by default near 700 MB; --max-statement-size raises it for a machine that
// has the memory.
inline constexpr std::uint64_t kDefaultMaxStatementBytes = std::uint64_t{32} << 20; // 32 MB

// The limit of this process: set once by the command line (--max-statement-size, [limits]
// max_statement_bytes) before any statement is parsed, like the file-size limits.
void set_max_statement_bytes(std::uint64_t bytes);
std::uint64_t max_statement_bytes();

struct StatementRefusal {
  std::string message;
  std::size_t byte_offset = 0; // into the statement: where the limit is crossed
};

// Why `sql` must not be parsed (over the size limit, nested beyond kMaxStatementNesting), or
// nothing. Linear in the statement and cheap next to the parse it spares.
std::optional<StatementRefusal> refuse_statement(std::string_view sql);

// Whether a syntax-error message is one of these refusals: the run then exits 2.
bool is_limit_refusal(std::string_view message);

} // namespace pgdrydock
