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

std::size_t CatalogTable::column_position(std::string_view n) const {
  if (columns_indexed_ <= columns.size()) {
    if (auto it = column_at_.find(n);
        it != column_at_.end() && it->second < columns.size() && columns[it->second].name == n)
      return it->second;
    // Not indexed: only a column appended directly since the index was made can match.
    for (std::size_t i = columns_indexed_; i < columns.size(); ++i)
      if (columns[i].name == n)
        return i;
    if (column_at_.find(n) == column_at_.end())
      return columns.size();
  }
  // The index is stale (columns changed behind its back): the scan it was meant to save.
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == n)
      return i;
  return columns.size();
}

const CatalogColumn* CatalogTable::column(std::string_view n) const {
  std::size_t i = column_position(n);
  return i < columns.size() ? &columns[i] : nullptr;
}
CatalogColumn* CatalogTable::column(std::string_view n) {
  std::size_t i = column_position(n);
  return i < columns.size() ? &columns[i] : nullptr;
}

void CatalogTable::index_columns() {
  if (columns_indexed_ > columns.size()) { // shrunk behind the index's back: start over
    column_at_.clear();
    columns_indexed_ = 0;
  }
  for (; columns_indexed_ < columns.size(); ++columns_indexed_)
    column_at_.emplace(columns[columns_indexed_].name, columns_indexed_);
}

CatalogColumn& CatalogTable::add_column(CatalogColumn col) {
  index_columns();
  columns.push_back(std::move(col));
  index_columns();
  return columns.back();
}

void CatalogTable::drop_column(std::string_view n) {
  std::size_t i = column_position(n);
  if (i == columns.size())
    return;
  columns.erase(columns.begin() + static_cast<std::ptrdiff_t>(i));
  ++dropped_columns;
  // Positions after it moved: re-made from there (a drop is rare, an ADD COLUMN is not).
  column_at_.clear();
  columns_indexed_ = 0;
  index_columns();
}

void CatalogTable::rename_column(std::string_view from, const std::string& to) {
  std::size_t i = column_position(from);
  if (i == columns.size())
    return;
  index_columns();
  if (auto it = column_at_.find(from); it != column_at_.end() && it->second == i)
    column_at_.erase(it);
  columns[i].name = to;
  column_at_.emplace(to, i);
}

void CatalogTable::set_columns(std::vector<CatalogColumn> cols) {
  columns = std::move(cols);
  column_at_.clear();
  columns_indexed_ = 0;
  index_columns();
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
  if (const CatalogView* v = views.get(key))
    return v->materialized ? CatalogRelationKind::MaterializedView : CatalogRelationKind::View;
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
  for (const auto& changing : changing_tables)
    if (changing.table->schema == schema && changing.table->constraint(name))
      return true;
  return lookups().constraint_name_used(schema, name);
}

void Catalog::refresh_lookups() const {
  std::vector<std::string> skip;
  skip.reserve(changing_tables.size());
  for (const auto& changing : changing_tables)
    skip.push_back(changing.key);
  lookups_.refresh(tables, indexes, skip);
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
  return opaque_text.contains(lower);
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
