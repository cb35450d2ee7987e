// DROP for the Applier: tables with their indexes, owned sequences and partitions, and
// every other kind of object the catalog keeps.
#include <algorithm>

#include "lint/catalog/applier.h"

namespace pgdrydock::catalog_apply {

// ---- DROP -----------------------------------------------------------------------------------

void Applier::drop_table(const std::string& key) {
  // Taken before anything changes (copies of persistent sets cost O(1)).
  const PersistentSet gone = c.lookups().indexes_of(key);
  const PersistentSet referencing = c.lookups().referencing(key);
  const PersistentSet partitions = c.lookups().partitions_of(key);
  for (const auto& ik : gone)
    c.indexes.erase(ik);
  c.sequences.erase_if([&](const std::string&, const CatalogSequence& s) {
    return s.owned_by.rfind(key + ".", 0) == 0;
  });
  c.tables.erase(key);
  auto references_table = [&](const CatalogConstraint& k) {
    return k.kind == ConstraintKind::ForeignKey && k.fk_table == key;
  };
  for (const auto& tk : referencing)
    if (c.tables.count(tk))
      std::erase_if(c.tables.edit(tk).constraints, references_table);
  for (const auto& p : partitions)
    if (const CatalogTable* part = c.tables.get(p); part && part->partition_of == key)
      drop_table(p);
}

void Applier::drop(const Node& b) {
  std::string_view type = b.str("removeType");
  for (const Node& obj : b.list("objects")) {
    if (type == "OBJECT_SCHEMA") {
      std::string s(obj.sval());
      c.schemas.erase(s);
      std::vector<std::string> tables;
      for (const auto& [k, t] : c.tables)
        if (t.schema == s)
          tables.push_back(k);
      for (const auto& k : tables)
        drop_table(k);
      auto in_schema = [&](const std::string& k, const auto&) { return k.rfind(s + ".", 0) == 0; };
      c.indexes.erase_if(in_schema);
      c.sequences.erase_if(in_schema);
      c.views.erase_if(in_schema);
      c.enums.erase_if(in_schema);
      c.domains.erase_if(in_schema);
      continue;
    }
    if (type == "OBJECT_EXTENSION") {
      c.extensions.erase(std::string(obj.sval()));
      continue;
    }
    if (type == "OBJECT_TYPE" || type == "OBJECT_DOMAIN") {
      auto [s, n] = name_parts(obj.as("TypeName").names("names"));
      std::string key = c.resolve_type(s, n);
      c.enums.erase(key);
      c.domains.erase(key);
      continue;
    }
    if (type == "OBJECT_FUNCTION" || type == "OBJECT_PROCEDURE") {
      auto [s, n] = name_parts(obj.as("ObjectWithArgs").names("objname"));
      c.functions.erase(c.creation_schema(s) + "." + n);
      continue;
    }
    auto names = obj.as("List").names("items");
    if (type == "OBJECT_TRIGGER" || type == "OBJECT_POLICY") {
      if (names.empty())
        continue;
      std::string member(names.back());
      names.pop_back();
      auto [s, n] = name_parts(names);
      if (auto* t = c.table(c.resolve_relation(s, n)))
        (type == "OBJECT_TRIGGER" ? t->triggers : t->policies).erase(member);
      continue;
    }
    auto [s, n] = name_parts(names);
    std::string key = c.resolve_relation(s, n);
    if (key.empty())
      continue;
    if (type == "OBJECT_TABLE" || type == "OBJECT_FOREIGN_TABLE")
      drop_table(key);
    else if (type == "OBJECT_INDEX")
      drop_index(key);
    else if (type == "OBJECT_SEQUENCE") {
      c.sequences.erase(key);
      // A column default that used it goes with CASCADE; without, the drop fails.
    } else if (type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW") {
      c.views.erase(key);
      std::vector<std::string> gone;
      for (const auto& [ik, idx] : c.indexes)
        if (idx.table == key)
          gone.push_back(ik);
      for (const auto& ik : gone)
        c.indexes.erase(ik);
    }
  }
}

} // namespace pgdrydock::catalog_apply
