// libFuzzer target: `pgdrydock lint FILE` on one SQL file (tests/fuzz/entries/lint_entry.h).
// Inputs come from the SQL mutator (tests/fuzz/mutator/), which keeps most of them parseable.
// PGDRYDOCK_FUZZ_PARSE_STATS=1 prints, at exit, how many inputs and statements parsed: the
// measure of how deep the campaign reaches (catalog, effects, rules) rather than the grammar's
// error path.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "tests/fuzz/entries/lint_entry.h"
#include "tests/fuzz/mutator/feedback.h"

namespace {

struct ParseStats {
  unsigned long long inputs = 0;
  unsigned long long inputs_parsed = 0; // at least one statement, none a syntax error
  unsigned long long statements = 0;
  unsigned long long syntax_errors = 0;
};
ParseStats stats;

void print_parse_stats() {
  auto percent = [](unsigned long long part, unsigned long long whole) {
    return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
  };
  std::fprintf(stderr,
               "parse-stats: inputs=%llu parsed=%llu (%.1f%%) statements=%llu "
               "statements_parsed=%.1f%%\n",
               stats.inputs, stats.inputs_parsed, percent(stats.inputs_parsed, stats.inputs),
               stats.statements, percent(stats.statements - stats.syntax_errors, stats.statements));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (std::getenv("PGDRYDOCK_FUZZ_PARSE_STATS"))
    std::atexit(print_parse_stats);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const pgdrydock::fuzz::LintRun run =
      pgdrydock::fuzz::lint_sql_file({reinterpret_cast<const char*>(data), size});
  for (const pgdrydock::MigrationResult& m : run.result.migrations)
    for (const pgdrydock::ScriptResult& s : m.scripts)
      for (const pgdrydock::StatementResult& st : s.statements)
        pgdrydock::fuzz::note_statement(st.text, !st.kind.empty());
  ++stats.inputs;
  stats.statements += run.statements;
  stats.syntax_errors += run.syntax_errors;
  if (run.statements > 0 && run.syntax_errors == 0 && !run.input_error)
    ++stats.inputs_parsed;
  return 0;
}
