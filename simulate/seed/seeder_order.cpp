#include "simulate/seed/seeder_order.h"

#include <map>

namespace pgdrydock {

namespace {

bool all_nullable(const LiveTable& table, const LiveForeignKey& key) {
  for (int attnum : key.attnums) {
    const LiveColumn* column = table.column(attnum);
    if (column == nullptr || column->not_null)
      return false;
  }
  return true;
}

} // namespace

FillOrder plan_fill_order(const std::vector<LiveTable>& tables) {
  FillOrder result;
  std::map<unsigned, size_t> index_of;
  for (size_t i = 0; i < tables.size(); ++i)
    index_of[tables[i].oid] = i;

  // Edges child -> parent, one per foreign key to another table of the list. Self-references
  // are filled within the table's own COPY (checked at its end), so they are no edge.
  struct Edge {
    size_t child;
    size_t key;
    size_t parent;
  };
  std::vector<Edge> edges;
  for (size_t child = 0; child < tables.size(); ++child)
    for (size_t key = 0; key < tables[child].foreign_keys.size(); ++key) {
      const auto parent = index_of.find(tables[child].foreign_keys[key].ref_table_oid);
      if (parent != index_of.end() && parent->second != child)
        edges.push_back({child, key, parent->second});
    }

  std::vector<bool> placed(tables.size(), false);
  std::vector<bool> edge_dropped(edges.size(), false);
  size_t remaining = tables.size();
  while (remaining > 0) {
    bool progress = false;
    // Tables are taken in name order among the ready ones, so the order is reproducible.
    for (size_t t = 0; t < tables.size(); ++t) {
      if (placed[t])
        continue;
      bool ready = true;
      for (size_t e = 0; e < edges.size() && ready; ++e)
        if (!edge_dropped[e] && edges[e].child == t && !placed[edges[e].parent])
          ready = false;
      if (!ready)
        continue;
      placed[t] = true;
      result.order.push_back(t);
      --remaining;
      progress = true;
    }
    if (progress)
      continue;
    // Stuck: every remaining table waits on another. Break one nullable foreign key.
    bool broken = false;
    for (size_t e = 0; e < edges.size() && !broken; ++e) {
      const Edge& edge = edges[e];
      if (edge_dropped[e] || placed[edge.child] || placed[edge.parent])
        continue;
      if (all_nullable(tables[edge.child], tables[edge.child].foreign_keys[edge.key])) {
        edge_dropped[e] = true;
        result.null_foreign_keys.insert({edge.child, edge.key});
        broken = true;
      }
    }
    if (broken)
      continue;
    for (size_t t = 0; t < tables.size(); ++t) {
      if (placed[t])
        continue;
      result.unfillable.push_back(t);
      if (!result.cycle_description.empty())
        result.cycle_description += ", ";
      result.cycle_description += tables[t].qualified_name();
    }
    break;
  }
  return result;
}

} // namespace pgdrydock
