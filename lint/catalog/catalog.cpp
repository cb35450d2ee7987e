#include "lint/catalog/catalog.h"

#include <algorithm>
#include <cctype>

namespace pgdrydock {

const char* to_string(ConstraintKind kind) {
  switch (kind) {
  case ConstraintKind::PrimaryKey:
    return "primary key";
  case ConstraintKind::Unique:
    return "unique constraint";
  case ConstraintKind::Check:
    return "check constraint";
  case ConstraintKind::ForeignKey:
    return "foreign key";
  case ConstraintKind::Exclusion:
    return "exclusion constraint";
  }
  return "constraint";
}

const char* to_string(CatalogRelationKind kind) {
  switch (kind) {
  case CatalogRelationKind::None:
    return "nothing";
  case CatalogRelationKind::Table:
    return "table";
  case CatalogRelationKind::PartitionedTable:
    return "partitioned table";
  case CatalogRelationKind::View:
    return "view";
  case CatalogRelationKind::MaterializedView:
    return "materialized view";
  case CatalogRelationKind::Index:
    return "index";
  case CatalogRelationKind::Sequence:
    return "sequence";
  }
  return "relation";
}

const CatalogColumn* CatalogTable::column(std::string_view n) const {
  for (const auto& c : columns)
    if (c.name == n)
      return &c;
  return nullptr;
}
CatalogColumn* CatalogTable::column(std::string_view n) {
  for (auto& c : columns)
    if (c.name == n)
      return &c;
  return nullptr;
}
const CatalogConstraint* CatalogTable::constraint(std::string_view n) const {
  for (const auto& c : constraints)
    if (c.name == n)
      return &c;
  return nullptr;
}
CatalogConstraint* CatalogTable::constraint(std::string_view n) {
  for (auto& c : constraints)
    if (c.name == n)
      return &c;
  return nullptr;
}

CatalogRelationKind Catalog::relation_kind(const std::string& key) const {
  if (const CatalogTable* t = tables.get(key))
    return t->partitioned ? CatalogRelationKind::PartitionedTable : CatalogRelationKind::Table;
  if (indexes.count(key))
    return CatalogRelationKind::Index;
  if (sequences.count(key))
    return CatalogRelationKind::Sequence;
  if (auto it = views.find(key); it != views.end())
    return it->second.materialized ? CatalogRelationKind::MaterializedView
                                   : CatalogRelationKind::View;
  return CatalogRelationKind::None;
}

std::string Catalog::resolve_relation(std::string_view schema, std::string_view name) const {
  if (!schema.empty()) {
    std::string key = std::string(schema) + "." + std::string(name);
    return relation_exists(key) ? key : std::string{};
  }
  for (const auto& s : search_path) {
    std::string key = s + "." + std::string(name);
    if (relation_exists(key))
      return key;
  }
  return {};
}

std::string Catalog::creation_schema(std::string_view schema) const {
  if (!schema.empty())
    return std::string(schema);
  for (const auto& s : search_path)
    if (schemas.count(s))
      return s;
  return "public";
}

std::string Catalog::resolve_type(std::string_view schema, std::string_view name) const {
  auto known = [&](const std::string& key) { return enums.count(key) || domains.count(key); };
  if (!schema.empty()) {
    std::string key = std::string(schema) + "." + std::string(name);
    return known(key) ? key : std::string{};
  }
  for (const auto& s : search_path) {
    std::string key = s + "." + std::string(name);
    if (known(key))
      return key;
  }
  return {};
}

bool Catalog::constraint_name_used(const std::string& schema, std::string_view name) const {
  for (const auto& [key, t] : tables)
    if (t.schema == schema && t.constraint(name))
      return true;
  return false;
}

const CatalogTable* Catalog::table(const std::string& key) const {
  return tables.get(key);
}
CatalogTable* Catalog::table(const std::string& key) {
  return tables.count(key) ? &tables.edit(key) : nullptr;
}

bool Catalog::maybe_made_by_opaque(std::string_view name) const {
  if (opaque_text.empty())
    return false;
  std::string lower(name);
  for (auto& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return opaque_text.find(lower) != std::string::npos;
}

std::vector<std::string> Catalog::relation_names(const std::string& schema) const {
  std::vector<std::string> out;
  auto add = [&](const std::string& key) {
    auto [s, n] = split_key(key);
    if (s == schema)
      out.push_back(n);
  };
  for (const auto& [k, v] : tables)
    add(k);
  for (const auto& [k, v] : indexes)
    add(k);
  for (const auto& [k, v] : sequences)
    add(k);
  for (const auto& [k, v] : views)
    add(k);
  return out;
}

std::pair<std::string, std::string> split_key(const std::string& key) {
  auto dot = key.find('.');
  if (dot == std::string::npos)
    return {"public", key};
  return {key.substr(0, dot), key.substr(dot + 1)};
}

std::string display_key(const std::string& key) {
  auto [s, n] = split_key(key);
  return s == "public" ? n : key;
}

} // namespace pgdrydock
