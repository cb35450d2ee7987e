// Planning how each column of one table is filled, before any row is written: the CHECK,
// UNIQUE and foreign-key facts of every column, a value recipe per generated column, the
// parent row each foreign key points at (keeping all-foreign-key UNIQUE constraints distinct)
// and, with --stats, the null fraction, distinct values and text width production shows.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "simulate/seed/catalog_reader.h"
#include "simulate/seed/seeder.h"
#include "simulate/seed/seeder_checks.h"
#include "simulate/seed/seeder_fill.h"
#include "simulate/seed/seeder_order.h"

namespace pgdrydock::seeding {

// What the seeder knows about one table's columns before building the fills.
struct ColumnFacts {
  ColumnRestriction restriction;
  std::vector<std::string> checks; // names of the CHECK constraints that restrict it
  std::string unique_constraint;   // first UNIQUE / PRIMARY KEY it belongs to
  int foreign_key = -1;            // index of the foreign key it belongs to
};

// Builds TablePlan::fills for one table at a time, in fill order. Holds references to the
// seeder's state (read when a table is planned, so it may change between tables): the plans of
// tables filled earlier are where foreign keys find their parents' keys.
class FillPlanner {
public:
  FillPlanner(const SeedPlan& plan, pqxx::connection& catalog, const std::vector<LiveTable>& tables,
              const FillOrder& order, const std::vector<TablePlan>& plans)
      : plan_(plan), catalog_(catalog), tables_(tables), order_(order), plans_(plans) {}

  // Builds the fills of table t; returns the error sentence, empty when it can be filled.
  std::string build_fills(size_t t, TablePlan& plan);

private:
  std::vector<ColumnFacts> column_facts(size_t t) const;
  long long existing_max(const LiveTable& table, const LiveColumn& column);
  std::string link_foreign_keys(size_t t, TablePlan& plan, const std::vector<ColumnFacts>& facts);
  const TablePlan* parent_plan(const LiveForeignKey& key) const;

  const SeedPlan& plan_;
  pqxx::connection& catalog_;
  const std::vector<LiveTable>& tables_;
  const FillOrder& order_;
  const std::vector<TablePlan>& plans_;
};

} // namespace pgdrydock::seeding
