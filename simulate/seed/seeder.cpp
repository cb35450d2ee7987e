// The seeding run: reads the catalog, fills the tables in order (each planned by
// seeder_plan, then loaded by seeder_copy), runs ANALYZE; plus the --rows option and the
// report helpers of seeder.h.
#include "simulate/seed/seeder.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <vector>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "lint/support/text.h"
#include "simulate/sandbox/pg_client.h"
#include "simulate/seed/catalog_reader.h"
#include "simulate/seed/seeder_copy.h"
#include "simulate/seed/seeder_existing_keys.h"
#include "simulate/seed/seeder_fill.h"
#include "simulate/seed/seeder_order.h"
#include "simulate/seed/seeder_plan.h"

namespace pgdrydock {

namespace {

using seeding::TablePlan;

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

class Seeder {
public:
  Seeder(const std::string& conninfo, const SeedPlan& plan)
      : plan_(plan), catalog_(conninfo), copy_(conninfo, plan.streams) {}

  SeedReport run() {
    const auto start = Clock::now();
    // The one schema reader runs on libpq sessions: the first COPY connection reads the
    // catalog (and so fails early, ErrorException, when it cannot be made).
    tables_ = read_user_tables(copy_.connection(0));
    triggers_ = has_user_triggers(copy_.connection(0));
    order_ = plan_fill_order(tables_);
    plans_.resize(tables_.size());

    SeedReport report;
    for (size_t t : order_.order)
      report.tables.push_back(fill(t));
    for (size_t t : order_.unfillable) {
      TableSeedResult result;
      result.table = tables_[t].qualified_name();
      result.error = fmt::format(
          "table {}: cannot be filled: it is part of (or depends on) a cycle of NOT NULL "
          "foreign keys among {}",
          result.table, order_.cycle_description);
      report.tables.push_back(std::move(result));
    }
    if (plan_.analyze) {
      // Only the tables this run wrote to: the others' statistics are still current (a copy of
      // a seeded database carries them).
      const auto analyze_start = Clock::now();
      std::string names;
      for (size_t t : order_.order)
        if (plans_[t].generated > 0)
          names += (names.empty() ? "" : ", ") + tables_[t].quoted_name();
      if (!names.empty())
        catalog_.exec("ANALYZE " + names);
      report.analyze_seconds = seconds_since(analyze_start);
    }
    report.seconds = seconds_since(start);
    return report;
  }

  TableSeedResult fill(size_t t) {
    LiveTable& table = tables_[t];
    TablePlan& plan = plans_[t];
    plan.table = &table;
    TableSeedResult result;
    result.table = table.qualified_name();
    const auto start = Clock::now();
    // The rows the table must hold at the end; rows a trigger of a table filled before wrote
    // into it count (they would otherwise collide with generated keys).
    const long long at_start = table.existing_rows;
    const long long asked = plan_.rows_for(table.schema, table.name);
    const long long wanted = plan_.top_up ? asked : at_start + asked;
    if (triggers_)
      count_rows(copy_.connection(0), {&table});
    plan.rows = std::max(0LL, wanted - table.existing_rows);
    if (plan.rows == 0 && table.existing_rows > 0) {
      // Full already: its children point at the keys it holds.
      read_existing_keys(copy_.connection(0), tables_, table, plan);
    } else {
      plan.error = planner_.build_fills(t, plan);
      if (plan.error.empty() && plan.rows > 0)
        plan.error = copy_.copy_rows(table, plan);
      if (plan.error.empty())
        plan.loaded = plan.generated = plan.rows;
      else
        plan.fills.clear();
    }
    result.seconds = seconds_since(start);
    result.error = plan.error;
    if (plan.error.empty())
      result.rows = table.existing_rows - (plan_.top_up ? 0 : at_start) + plan.generated;
    return result;
  }

private:
  const SeedPlan& plan_;
  PgClient catalog_;
  seeding::CopyLoader copy_; // COPY connections, opened on demand
  std::vector<LiveTable> tables_;
  FillOrder order_;
  std::vector<TablePlan> plans_;
  bool triggers_ = false; // the database has user triggers: recount before each table
  seeding::FillPlanner planner_{plan_, catalog_.connection(), tables_, order_, plans_};
};

} // namespace

long long SeedPlan::rows_for(const std::string& schema, const std::string& table) const {
  if (const auto exact = rows_per_table.find(schema + "." + table); exact != rows_per_table.end())
    return exact->second;
  if (const auto bare = rows_per_table.find(table); bare != rows_per_table.end())
    return bare->second;
  if (stats)
    if (const TableStats* production = stats->find(schema, table)) {
      double largest = 0;
      for (const auto& t : stats->tables)
        largest = std::max(largest, t.rows());
      const double share = largest > 0 ? production->rows() / largest : 1;
      if (production->rows() <= 0 && largest > 0)
        return 0;
      return std::max(1LL, std::llround(static_cast<double>(default_rows) * share));
    }
  return default_rows;
}

Expected<void> add_rows_option(SeedPlan& plan, const std::string& argument) {
  const auto equals = argument.rfind('=');
  const std::string target = equals == std::string::npos ? "" : argument.substr(0, equals);
  const std::string count = equals == std::string::npos ? argument : argument.substr(equals + 1);
  char* end = nullptr;
  errno = 0;
  const long long rows = std::strtoll(count.c_str(), &end, 10);
  if (count.empty() || end != count.c_str() + count.size() || errno != 0 || rows < 0)
    return fail(usage_error(fmt::format(
        "--rows {}: expected a row count (N) or table=N with N a non-negative integer", argument)));
  if (equals != std::string::npos && target.empty())
    return fail(
        usage_error(fmt::format("--rows {}: the table name before '=' is empty", argument)));
  if (target.empty())
    plan.default_rows = rows;
  else
    plan.rows_per_table[target] = rows;
  return {};
}

bool SeedReport::ok() const {
  return std::all_of(tables.begin(), tables.end(), [](const auto& t) { return t.ok(); });
}

long long SeedReport::total_rows() const {
  long long total = 0;
  for (const auto& t : tables)
    total += t.rows;
  return total;
}

SeedReport seed_database(const std::string& conninfo, const SeedPlan& plan) {
  try {
    Seeder seeder(conninfo, plan);
    return seeder.run();
  } catch (const ErrorException&) {
    throw;
  } catch (const std::exception& error) {
    throw ErrorException(
        environment_error(fmt::format("seeder: {}", trimmed_blanks(error.what()))));
  }
}

} // namespace pgdrydock
