#include "lint/catalog/lookups.h"

#include "lint/catalog/catalog.h"

#include <algorithm>

namespace pgdrydock {
namespace {

std::string constraint_key(std::string_view schema, std::string_view name) {
  std::string key(schema);
  key += '\n'; // never part of a schema name the parser hands over unquoted
  key += name;
  return key;
}

void add_to(PersistentMap<PersistentSet>& m, const std::string& key, const std::string& member,
            int delta) {
  if (delta > 0) {
    m.edit(key).insert(member);
    return;
  }
  if (!m.count(key))
    return;
  PersistentSet& s = m.edit(key);
  s.erase(member);
  if (s.empty())
    m.erase(key);
}

} // namespace

const PersistentSet& CatalogLookups::set_of(const PersistentMap<PersistentSet>& m,
                                            std::string_view key) {
  static const PersistentSet none;
  const PersistentSet* s = m.get(key);
  return s ? *s : none;
}

// Adds (delta 1) or removes (delta -1) what one version of a table contributes.
void CatalogLookups::table_seen(const std::string& key, const CatalogTable& t, int delta) {
  for (const auto& k : t.constraints) {
    std::string name = constraint_key(t.schema, k.name);
    const int* n = constraint_names_.get(name);
    int now = (n ? *n : 0) + delta;
    if (now > 0)
      constraint_names_.edit(name) = now;
    else
      constraint_names_.erase(name);
    if (k.kind == ConstraintKind::ForeignKey && !k.fk_table.empty())
      add_to(referencing_, k.fk_table, key, delta);
  }
  if (!t.partition_of.empty())
    add_to(partitions_, t.partition_of, key, delta);
  // Built-in types are unqualified ("int4"); user types are "schema.name" (catalog.h). A table
  // with two columns of one type is one member: the set keeps it once, and removing the old
  // version of the table removes it once.
  for (const auto& c : t.columns) {
    std::string_view type = c.type;
    while (type.size() > 2 && type.substr(type.size() - 2) == "[]")
      type.remove_suffix(2);
    if (type.find('.') != std::string_view::npos)
      add_to(type_users_, std::string(type), key, delta);
  }
}

void CatalogLookups::refresh(const PersistentMap<CatalogTable>& tables,
                             const PersistentMap<CatalogIndex>& indexes,
                             const std::vector<std::string>& skip) {
  // Up to date: change nothing, so that threads sharing a refreshed snapshot only read it.
  if (skip.empty() && tables_seen_.same_as(tables) && indexes_seen_.same_as(indexes))
    return;
  auto skipped = [&](const std::string& key) {
    return std::find(skip.begin(), skip.end(), key) != skip.end();
  };
  PersistentMap<CatalogTable>::diff(
      tables_seen_, tables,
      [&](const std::string& key, const CatalogTable* was, const CatalogTable* now) {
        if (skipped(key))
          return;
        if (was)
          table_seen(key, *was, -1);
        if (now)
          table_seen(key, *now, 1);
      });
  PersistentMap<CatalogTable> seen = tables;
  for (const auto& key : skip)
    seen.copy_entry(tables_seen_, key);
  tables_seen_ = std::move(seen);
  PersistentMap<CatalogIndex>::diff(
      indexes_seen_, indexes,
      [&](const std::string& key, const CatalogIndex* was, const CatalogIndex* now) {
        if (was)
          add_to(by_table_, was->table, key, -1);
        if (now)
          add_to(by_table_, now->table, key, 1);
      });
  indexes_seen_ = indexes;
}

bool CatalogLookups::constraint_name_used(std::string_view schema, std::string_view name) const {
  return constraint_names_.count(constraint_key(schema, name)) > 0;
}

} // namespace pgdrydock
