// `pgdrydock stats --dsn URL`: write the production table statistics file that `lint --stats`
// and `simulate --stats` read. Catalog numbers only, never row values.
#include <iostream>

#include "cli/cli11.h"
#include <fmt/format.h>

#include "cli/atomic_write.h"
#include "cli/command.h"
#include "cli/exit_codes.h"
#include "lint/table_stats.h"
#include "simulate/stats_collector.h"

namespace pgdrydock {
namespace {

class StatsCommand : public Command {
public:
  std::string_view name() const override { return "stats"; }
  std::string_view description() const override {
    return "Write production table statistics (JSON) for `lint --stats` and `simulate --stats`. "
           "Reads catalog statistics only (row counts, sizes, null fraction, average width, "
           "distinct values, correlation, index definitions); never row values: no "
           "most_common_vals, no histogram_bounds. A read replica and a read-only role suffice.";
  }
  void configure(CLI::App& sub) override {
    sub.add_option("--dsn", dsn_,
                   "Server to read (libpq URI or key=value string); the password is never shown")
        ->required();
    sub.add_option("--schema", schemas_, "Only tables of this schema (repeatable; default: all)");
    sub.add_option("--output,-o", output_,
                   "Write to this file (replaced atomically) instead of standard output");
  }
  int run() override {
    Expected<StatsFile> collected = collect_table_stats(dsn_, schemas_);
    if (!collected) {
      collected.error().message = "stats: " + collected.error().message;
      return fail_with(collected.error());
    }
    const StatsFile& stats = *collected;
    const std::string text = stats_file_to_json(stats);
    if (output_.empty()) {
      std::cout << text;
      std::cout.flush();
      return std::cout ? kExitClean : kExitError;
    }
    if (Expected<void> written = write_atomically(output_, text); !written)
      return fail_with(written.error());
    std::cerr << fmt::format("pgdrydock: statistics of {} table{} written to {}\n",
                             stats.tables.size(), stats.tables.size() == 1 ? "" : "s", output_);
    return kExitClean;
  }

private:
  std::string dsn_;
  std::vector<std::string> schemas_;
  std::string output_;
};

} // namespace
PGDRYDOCK_REGISTER_COMMAND(StatsCommand)
} // namespace pgdrydock
