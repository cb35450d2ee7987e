// Parse + lint throughput on the generated corpus (bench/corpus.h).
//   lint_throughput                      run the benchmarks
//   lint_throughput --write-corpus DIR N write the corpus (for bench/compare_squawk.sh)
#include <benchmark/benchmark.h>

#include <cstring>
#include <memory>

#include "bench/corpus.h"
#include "lint/lint_driver.h"
#include "lint/sql_parser.h"

namespace {

using namespace pgdrydock;

MigrationSet corpus_set(int count, std::size_t& bytes) {
  MigrationSet set;
  bytes = 0;
  for (int i = 1; i <= count; ++i) {
    auto file =
        std::make_shared<const SourceFile>(fmt::format("m{}.sql", i), bench::corpus_migration(i));
    bytes += file->content().size();
    Migration m;
    m.version = std::to_string(i);
    m.up = Script{file, 0, file->content().size(), TransactionMode::Autocommit, {}};
    set.migrations.push_back(std::move(m));
  }
  return set;
}

// libpg_query alone: split + parse every statement (the floor for the whole linter).
void BM_SplitAndParse(benchmark::State& state) {
  std::size_t bytes = 0;
  MigrationSet set = corpus_set(static_cast<int>(state.range(0)), bytes);
  ParseSession parser;
  for (auto _ : state) {
    for (const auto& m : set.migrations) {
      for_each_statement(m.up.file, m.up.begin, m.up.end,
                         [&](Statement& st) { benchmark::DoNotOptimize(parser.parse(st.text())); });
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
}
BENCHMARK(BM_SplitAndParse)->Arg(2000)->Unit(benchmark::kMillisecond);

// The whole lint: split, parse, effects, every rule, one thread or all cores.
void BM_LintCorpus(benchmark::State& state) {
  std::size_t bytes = 0;
  MigrationSet set = corpus_set(2000, bytes);
  LintOptions options;
  options.threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state)
    benchmark::DoNotOptimize(lint_migrations(set, options));
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
}
BENCHMARK(BM_LintCorpus)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "--write-corpus") == 0) {
    std::size_t bytes = pgdrydock::bench::write_corpus(argv[2], std::atoi(argv[3]));
    fmt::print("wrote {} migrations, {} bytes, to {}\n", argv[3], bytes, argv[2]);
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
