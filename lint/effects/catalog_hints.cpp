// CatalogHints from a Catalog (lint/effects/catalog_hints.h): the column types the catalog
// records, and what it adds to a statement's effects, each added relation with its `why`.
#include <string>
#include <unordered_set>

#include "lint/catalog/catalog_effects.h"
#include "lint/effects/catalog_hints.h"

namespace pgdrydock {
namespace {

using Seen = std::unordered_set<std::string>;

bool in(const Seen& named, const std::string& key) {
  return named.count(key) > 0;
}

// The `why` of a relation add_catalog_effects added: how it relates to the relations the
// statement names.
std::string why_found(const Catalog& catalog, const Node& root, const Seen& named,
                      const std::string& key) {
  if (const CatalogIndex* idx = catalog.indexes.get(key))
    return in(named, idx->table) ? "index of the table" : "index";
  const CatalogTable* t = catalog.table(key);
  if (!t)
    return "found by the catalog";
  for (const CatalogTable* up = t; up && !up->partition_of.empty();
       up = catalog.table(up->partition_of))
    if (in(named, up->partition_of))
      return "partition";
  for (const CatalogConstraint& c : t->constraints)
    if (c.kind == ConstraintKind::ForeignKey && in(named, c.fk_table))
      return root.kind() == "DropStmt" ? "cascade" : "referencing table";
  for (const std::string& n : named)
    if (const CatalogTable* nt = catalog.table(n))
      for (const CatalogConstraint& c : nt->constraints)
        if (c.kind == ConstraintKind::ForeignKey && c.fk_table == key)
          return "referenced table";
  return "found by the catalog";
}

} // namespace

CatalogHints catalog_hints(const Catalog* catalog) {
  CatalogHints hints;
  if (!catalog)
    return hints;
  hints.column_type = [catalog](const std::string& relation,
                                const std::string& column) -> std::optional<std::string> {
    const CatalogTable* t = catalog->table(relation);
    if (!t) { // qualified_name() assumed "public": look the bare name up through search_path
      auto [schema, name] = split_key(relation);
      if (schema == "public")
        t = catalog->table(catalog->resolve_relation("", name));
    }
    if (!t || t->uncertain)
      return std::nullopt;
    if (const CatalogColumn* c = t->column(column))
      return c->type;
    return std::nullopt;
  };
  hints.refine_effects = [catalog](const Node& root, std::vector<Effect>& effects) {
    Seen named;
    for (const Effect& e : effects)
      named.insert(e.relation);
    const std::size_t predicted = effects.size();
    add_catalog_effects(root, *catalog, effects);
    for (std::size_t i = predicted; i < effects.size(); ++i)
      if (effects[i].why.empty())
        effects[i].why = why_found(*catalog, root, named, effects[i].relation);
    add_secondary_effects(root, *catalog, effects);
  };
  return hints;
}

} // namespace pgdrydock
