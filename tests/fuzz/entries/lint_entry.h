// What `pgdrydock lint FILE` does with one file, from the file's bytes: load (layout detection),
// parse, catalog replay, effects, rules, and one report rendered to a string. The libFuzzer
// target (targets/lint_fuzzer.cpp) and the regression tests (tests/fuzz_regressions/) share it.
#pragma once

#include <cstddef>
#include <functional>
#include <sstream>
#include <string>
#include <string_view>

#include "lint/lint_driver.h"
#include "lint/support/error.h"
#include "reports/builtin_renderers.h"
#include "reports/report_format.h"
#include "tests/fuzz/entries/scratch.h"

namespace pgdrydock::fuzz {

struct LintRun {
  bool input_error = false;      // the CLI would exit 2 (unreadable, over a limit, too deep)
  std::size_t statements = 0;    // statements seen by the linter
  std::size_t syntax_errors = 0; // of them, those that did not parse
  std::size_t findings = 0;      // syntax errors included
  std::string format;            // the renderer used
  std::string report;            // what it rendered
  LintResult result;             // everything, for the fuzz target's feedback to its mutator
};

// The renderer for an input: chosen by the input's hash, so a crash replays with the same one.
inline const ReportRenderer& renderer_for(std::string_view sql) {
  ensure_builtin_renderers_linked();
  const std::vector<std::string_view> names = renderer_names();
  const std::size_t pick = std::hash<std::string_view>{}(sql) % names.size();
  return *find_renderer(names[pick]);
}

inline LintRun lint_sql_file(std::string_view sql) {
  LintRun run;
  const std::string path = scratch_file("migration.sql", sql);
  LintOptions options;
  options.threads = 1; // one file: no worker threads per input
  LintResult& result = run.result;
  try {
    const MigrationSet set = load_migrations({path}, LoadOptions{});
    result = lint_migrations(set, options);
  } catch (const ErrorException&) {
    run.input_error = true; // exit 2 with file and line: an expected outcome
    return run;
  }
  run.input_error = !result.errors.empty();
  for (const MigrationResult& m : result.migrations)
    for (const ScriptResult& s : m.scripts)
      run.statements += static_cast<std::size_t>(s.statement_count);
  for (const Finding* f : all_findings(result)) {
    ++run.findings;
    run.syntax_errors += f->rule_id == "syntax-error" ? 1 : 0; // the driver's rule id
  }
  const ReportRenderer& renderer = renderer_for(sql);
  std::ostringstream out;
  renderer.render(result, RenderOptions{}, out);
  run.format = std::string(renderer.name());
  run.report = out.str();
  return run;
}

} // namespace pgdrydock::fuzz
