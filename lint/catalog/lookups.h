// Reverse indexes over a catalog's tables and indexes, for the questions that would otherwise
// scan every table: is a constraint name taken in a schema, which indexes does a table have,
// which tables reference it by foreign key, which are its partitions. They are brought up to
// date lazily: refresh() diffs the tables and indexes against the versions it saw last
// (PersistentMap::diff skips what the two share), so keeping them costs what changed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lint/catalog/persistent_map.h"

namespace pgdrydock {

struct CatalogTable;
struct CatalogIndex;

class CatalogLookups {
public:
  // Tables in `skip` keep the version seen last (they are being changed in place).
  void refresh(const PersistentMap<CatalogTable>& tables,
               const PersistentMap<CatalogIndex>& indexes, const std::vector<std::string>& skip);

  bool constraint_name_used(std::string_view schema, std::string_view name) const;
  // Keys ("schema.name") in name order; empty when none.
  const PersistentSet& indexes_of(std::string_view table) const { return set_of(by_table_, table); }
  const PersistentSet& referencing(std::string_view table) const {
    return set_of(referencing_, table);
  }
  const PersistentSet& partitions_of(std::string_view parent) const {
    return set_of(partitions_, parent);
  }
  // Tables with a column of the user type (enum or domain, "schema.name"; arrays of it too):
  // what ALTER DOMAIN ... ADD CONSTRAINT checks and DROP TYPE ... CASCADE reaches.
  const PersistentSet& type_users(std::string_view type) const { return set_of(type_users_, type); }

private:
  static const PersistentSet& set_of(const PersistentMap<PersistentSet>& m, std::string_view key);
  void table_seen(const std::string& key, const CatalogTable& t, int delta);

  PersistentMap<CatalogTable> tables_seen_;
  PersistentMap<CatalogIndex> indexes_seen_;
  PersistentMap<int> constraint_names_;      // "schema\nname" -> tables in the schema using it
  PersistentMap<PersistentSet> by_table_;    // table -> its indexes
  PersistentMap<PersistentSet> referencing_; // table -> tables with a foreign key to it
  PersistentMap<PersistentSet> partitions_;  // parent -> its partitions
  PersistentMap<PersistentSet> type_users_;  // user type -> tables with a column of it
};

} // namespace pgdrydock
