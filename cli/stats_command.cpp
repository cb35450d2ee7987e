// `pgdrydock stats --dsn URL`: write the production table statistics file that `lint --stats`
// and `simulate --stats` read. Catalog numbers only, never row values.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/cli11.h"
#include <fmt/format.h>

#include "cli/command.h"
#include "lint/table_stats.h"
#include "simulate/stats_collector.h"

namespace pgdrydock {
namespace {

// Writes next to the target and renames over it: a reader never sees half a file, and a
// failed run leaves the previous file in place. Returns the error sentence, empty on success.
std::string write_atomically(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path temporary =
      target.parent_path() / fmt::format(".{}.tmp-{}", target.filename().string(), getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out)
      return fmt::format("{}: cannot write (is the folder there and writable?)", path);
    out << text;
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      return fmt::format("{}: writing failed (disk full?)", path);
    }
  }
  std::error_code ec;
  fs::rename(temporary, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    return fmt::format("{}: cannot replace it: {}", path, ec.message());
  }
  return {};
}

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
    StatsFile stats;
    try {
      stats = collect_table_stats(dsn_, schemas_);
    } catch (const StatsCollectError& e) {
      std::cerr << "pgdrydock: stats: " << e.what() << '\n';
      return 2;
    }
    const std::string text = stats_file_to_json(stats);
    if (output_.empty()) {
      std::cout << text;
      std::cout.flush();
      return std::cout ? 0 : 2;
    }
    if (const std::string problem = write_atomically(output_, text); !problem.empty()) {
      std::cerr << "pgdrydock: stats: " << problem << '\n';
      return 2;
    }
    std::cerr << fmt::format("pgdrydock: statistics of {} table{} written to {}\n",
                             stats.tables.size(), stats.tables.size() == 1 ? "" : "s", output_);
    return 0;
  }

private:
  std::string dsn_;
  std::vector<std::string> schemas_;
  std::string output_;
};

} // namespace
PGDRYDOCK_REGISTER_COMMAND(StatsCommand)
} // namespace pgdrydock
