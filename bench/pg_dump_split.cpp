// Linting pg_dump output with large COPY blocks (issue 14): the rows are skipped as data by the
// psql reading (lint/psql_script.h), so the cost must grow linearly with the file, whatever the
// share of data. The file is generated: a schema, then COPY blocks of 10,000 rows each (rows
// with quotes, semicolons, backslashes and `$$`, which the SQL scanner must never see), up to
// the size asked for. Results: bench/README.md, section "pg_dump split".
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "lint/lint_driver.h"
#include "lint/sql_parser.h"

namespace {

using namespace pgdrydock;

std::string pg_dump_like(std::size_t bytes) {
  std::string out = "\\restrict abc\nSET statement_timeout = 0;\nSET lock_timeout = 0;\n"
                    "SELECT pg_catalog.set_config('search_path', '', false);\n";
  int table = 0;
  while (out.size() < bytes) {
    std::string name = "public.t" + std::to_string(table++);
    out += "CREATE TABLE " + name + " (id bigint NOT NULL, note text, payload jsonb);\n";
    out += "COPY " + name + " (id, note, payload) FROM stdin;\n";
    for (int row = 0; row < 10000 && out.size() < bytes; ++row)
      out += std::to_string(row) + "\tit's; a \\\\ note $$ /*\t{\"k\": \"v\\\\n\"}\n";
    out += "\\.\n\n";
    out += "ALTER TABLE ONLY " + name + " ADD CONSTRAINT t" + std::to_string(table) +
           "_pkey PRIMARY KEY (id);\n";
  }
  out += "\\unrestrict abc\n";
  return out;
}

void BM_SplitPgDump(benchmark::State& state) {
  const std::string text = pg_dump_like(static_cast<std::size_t>(state.range(0)) << 20);
  std::size_t spans = 0;
  for (auto _ : state) {
    auto result = split_statements(text);
    spans = result.size();
    benchmark::DoNotOptimize(result);
  }
  state.counters["statements"] = static_cast<double>(spans);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_SplitPgDump)->Arg(6)->Arg(12)->Arg(25)->Arg(50)->Unit(benchmark::kMillisecond);

void BM_LintPgDump(benchmark::State& state) {
  Migration m;
  m.version = "1";
  m.name = "dump";
  m.up.file = std::make_shared<const SourceFile>(
      "dump.sql", pg_dump_like(static_cast<std::size_t>(state.range(0)) << 20));
  m.up.end = m.up.file->content().size();
  LintOptions options;
  options.keep_all_statements = false;
  for (auto _ : state)
    benchmark::DoNotOptimize(lint_migration(m, options));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * m.up.end));
}
BENCHMARK(BM_LintPgDump)->Arg(6)->Arg(12)->Arg(25)->Arg(50)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
