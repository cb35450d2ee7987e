// foreign-key-without-index: a foreign key added by the migration whose referencing columns no
// index covers (as the leading columns of a non-partial index of the referencing table). Every
// DELETE or key UPDATE on the referenced table then scans the referencing table to find
// dependent rows, under a lock, once per row: a cascade or a cleanup job becomes a series of
// sequential scans. Decided on the schema as the up script leaves it (lint/catalog/), so an
// index created later in the same migration counts.
#include <algorithm>

#include "lint/catalog/catalog.h"
#include "lint/rule.h"

namespace pgdrydock {
namespace {

bool covered(const Catalog& c, const std::string& table, const std::vector<std::string>& columns) {
  for (const auto& key : c.lookups().indexes_of(table)) {
    const CatalogIndex* found = c.indexes.get(key);
    if (!found)
      continue;
    const CatalogIndex& idx = *found;
    if (!idx.predicate.empty() || idx.keys.size() < columns.size())
      continue;
    // The FK columns must be the index's leading columns, in any order.
    std::vector<std::string> lead(idx.keys.begin(),
                                  idx.keys.begin() + static_cast<long>(columns.size()));
    if (std::is_permutation(lead.begin(), lead.end(), columns.begin()))
      return true;
  }
  return false;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v)
    out += (out.empty() ? "" : ", ") + s;
  return out;
}

class ForeignKeyWithoutIndex : public Rule {
public:
  std::string_view id() const override { return "foreign-key-without-index"; }
  Severity default_severity() const override { return Severity::Warning; }
  std::string_view summary() const override {
    return "A foreign key whose referencing columns no index covers: deletes on the referenced "
           "table scan the referencing one";
  }
  std::vector<std::string_view> statement_kinds() const override { return {"(migration)"}; }

  void check_migration(const MigrationInput& in, FindingSink& out) const override {
    if (!in.catalog_before || !in.catalog_after_up)
      return;
    const Catalog& before = *in.catalog_before;
    const Catalog& after = *in.catalog_after_up;
    // Only the tables this migration changed can hold its foreign keys.
    PersistentMap<CatalogTable>::diff(
        before.tables, after.tables,
        [&](const std::string& key, const CatalogTable* old, const CatalogTable* now) {
          if (!now || now->uncertain)
            return; // indexes the model never saw may exist
          const CatalogTable& t = *now;
          for (const auto& k : t.constraints) {
            if (k.kind != ConstraintKind::ForeignKey || k.columns.empty())
              continue;
            if (old && old->constraint(k.name))
              continue; // not this migration's
            if (covered(after, key, k.columns))
              continue;
            std::string table = display_key(key);
            SourceLocation where = k.origin.file.empty()
                                       ? in.migration.up.file->location(in.migration.up.begin)
                                       : k.origin;
            std::string index = t.name + "_" + k.columns.front() + "_idx";
            out.add(Finding{
                std::string(id()), default_severity(), where,
                "foreign key " + k.name + " on " + table + " (" + join(k.columns) +
                    ") has no index on its referencing columns: every DELETE or key UPDATE on " +
                    display_key(k.fk_table) + " scans " + table +
                    " to find the rows that refer to it",
                "Index the referencing columns, without blocking writes (outside a transaction):\n"
                "  CREATE INDEX CONCURRENTLY " +
                    index + " ON " + table + " (" + join(k.columns) + ");"});
          }
        });
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(ForeignKeyWithoutIndex)
} // namespace pgdrydock
