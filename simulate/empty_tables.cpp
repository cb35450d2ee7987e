#include "simulate/empty_tables.h"

namespace pgdrydock {

std::map<std::string, std::string> empty_tables(const SeedReport& seeded, const SeedPlan& plan) {
  std::map<std::string, std::string> out;
  for (const auto& t : seeded.tables) {
    if (t.rows > 0)
      continue;
    const auto dot = t.table.find('.');
    const std::string schema = dot == std::string::npos ? "public" : t.table.substr(0, dot);
    const std::string table = dot == std::string::npos ? t.table : t.table.substr(dot + 1);
    if (plan.rows_for(schema, table) <= 0)
      continue; // --rows table=0 asked for it
    out[t.table] = t.ok() ? "the seeder loaded no rows" : t.error;
  }
  return out;
}

void mark_not_measured_at_size(const std::map<std::string, std::string>& empty,
                               ScriptResult& script) {
  if (empty.empty())
    return;
  for (auto& st : script.statements) {
    if (!st.measured)
      continue;
    for (const auto& o : st.measured->observed)
      if (const auto it = empty.find(o.relation); it != empty.end()) {
        st.measured->not_measured_at_size = "table " + it->first + " has 0 rows: " + it->second;
        break;
      }
  }
}

void record_empty_tables(const std::map<std::string, std::string>& empty,
                         MigrationSimulation& sim) {
  for (const auto& [table, why] : empty)
    sim.empty_tables.push_back(table + ": " + why);
}

} // namespace pgdrydock
