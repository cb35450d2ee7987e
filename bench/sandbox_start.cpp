// Cold (initdb) vs warm (copy of the cached template) sandbox start, and stop. Each iteration
// starts a real PostgreSQL through the product's sandbox code and stops it again.
#include <chrono>

#include <benchmark/benchmark.h>

#include "simulate/sandbox/sandbox.h"
#include "simulate/sandbox/temp_dir.h"

namespace {

using pgdrydock::Sandbox;
using pgdrydock::SandboxOptions;

void run_starts(benchmark::State& state, bool warm) {
  const std::string cache = pgdrydock::make_private_temp_dir("pgdrydock-bench-cache-", false);
  SandboxOptions options;
  options.cache_dir = cache;
  options.use_template_cache = warm;
  if (warm)
    Sandbox::start(options)->stop(); // fills the cache
  double stop_ms = 0;
  for (auto _ : state) {
    auto sandbox = Sandbox::start(options);
    state.PauseTiming();
    auto t0 = std::chrono::steady_clock::now();
    sandbox->stop();
    stop_ms +=
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    sandbox.reset();
    state.ResumeTiming();
  }
  state.counters["stop_ms"] = stop_ms / static_cast<double>(state.iterations());
  pgdrydock::remove_tree(cache);
}

void BM_ColdStart(benchmark::State& state) {
  run_starts(state, false);
}
void BM_WarmStart(benchmark::State& state) {
  run_starts(state, true);
}

} // namespace

BENCHMARK(BM_ColdStart)->Unit(benchmark::kMillisecond)->Iterations(5)->UseRealTime();
BENCHMARK(BM_WarmStart)->Unit(benchmark::kMillisecond)->Iterations(10)->UseRealTime();
BENCHMARK_MAIN();
