// An in-memory model of a PostgreSQL schema, updated statement by statement (lint/catalog/
// apply.h), so rules can ask what exists at any point of a migration history instead of
// guessing. Names are stored as PostgreSQL stores them (already case-folded by the parser);
// relations, indexes, sequences and types are keyed "schema.name".
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lint/source_file.h"

namespace pgdrydock {

struct CatalogColumn {
  std::string name;
  std::string type; // canonical: "varchar(20)", "int4", "numeric(10,2)", "migration.user_role"
  std::string collation;
  bool not_null = false;
  std::optional<std::string> default_expr; // normalised expression text (catalog/expression.h)
  char identity = 0;                       // 'a' ALWAYS, 'd' BY DEFAULT, 0 none
  bool generated = false;                  // GENERATED ALWAYS AS (...) STORED
  std::string generation_expr;
};

enum class ConstraintKind { PrimaryKey, Unique, Check, ForeignKey, Exclusion };
const char* to_string(ConstraintKind kind);

struct CatalogConstraint {
  std::string name;
  ConstraintKind kind = ConstraintKind::Check;
  std::vector<std::string> columns; // key columns; for CHECK the columns the expression uses
  std::string definition;           // CHECK: normalised expression
  bool validated = true;            // false for NOT VALID until VALIDATE CONSTRAINT
  std::string index;                // PK/UNIQUE/EXCLUDE: the backing index ("schema.name")
  std::string fk_table;             // FK: referenced table "schema.name"
  std::vector<std::string> fk_columns;
  char on_delete = 'a', on_update = 'a';
  SourceLocation origin; // where the statement that made it is (when known)
};

struct CatalogIndex {
  std::string name;              // bare name (schema is the table's)
  std::string table;             // "schema.name"
  std::vector<std::string> keys; // column names, or the expression text for expressions
  bool unique = false;
  bool primary = false;
  std::string method = "btree";
  std::string predicate; // partial index WHERE, normalised; "" when none
  bool valid = true;
  std::string constraint; // owning constraint name (PK/UNIQUE/EXCLUDE), "" for a plain index
};

enum class CatalogRelationKind {
  None,
  Table,
  PartitionedTable,
  View,
  MaterializedView,
  Index,
  Sequence
};
const char* to_string(CatalogRelationKind kind);

struct CatalogTable {
  std::string schema;
  std::string name;
  bool partitioned = false;
  std::string partition_of; // parent "schema.name" for a partition
  std::vector<CatalogColumn> columns;
  std::vector<CatalogConstraint> constraints;
  bool rls_enabled = false;
  bool rls_forced = false;
  std::set<std::string> policies;
  std::set<std::string> triggers;
  // Made up by the model (e.g. ALTER TABLE on a table it never saw): its contents are guesses.
  bool uncertain = false;

  const CatalogColumn* column(std::string_view n) const;
  CatalogColumn* column(std::string_view n);
  const CatalogConstraint* constraint(std::string_view n) const;
  CatalogConstraint* constraint(std::string_view n);
};

struct CatalogSequence {
  std::string type = "int8";
  std::string owned_by; // "schema.table.column" or ""
};

struct CatalogDomain {
  std::string base_type;
  bool not_null = false;
  std::set<std::string> constraints;
};

struct CatalogView {
  bool materialized = false;
  std::set<std::string> depends_on; // relations named in the query ("schema.name")
};

// A map whose values are shared between copies until one copy changes them: every migration
// of a long history starts from a snapshot of the catalog, and a migration touches few tables,
// so copying a catalog copies pointers, not tables.
template <typename T> class CowMap {
  using Map = std::map<std::string, std::shared_ptr<const T>, std::less<>>;

public:
  class const_iterator {
  public:
    explicit const_iterator(typename Map::const_iterator it) : it_(it) {}
    std::pair<const std::string&, const T&> operator*() const { return {it_->first, *it_->second}; }
    const_iterator& operator++() {
      ++it_;
      return *this;
    }
    bool operator==(const const_iterator& o) const { return it_ == o.it_; }
    bool operator!=(const const_iterator& o) const { return it_ != o.it_; }
    const std::string& key() const { return it_->first; }

  private:
    typename Map::const_iterator it_;
  };

  const_iterator begin() const { return const_iterator(map_.begin()); }
  const_iterator end() const { return const_iterator(map_.end()); }
  std::size_t size() const { return map_.size(); }
  bool empty() const { return map_.empty(); }
  std::size_t count(std::string_view key) const { return map_.find(key) != map_.end() ? 1 : 0; }
  const T* get(std::string_view key) const {
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : it->second.get();
  }
  // The value to change: this copy's own (cloned if shared), default-made if missing.
  T& edit(const std::string& key) {
    auto& slot = map_[key];
    if (!slot)
      slot = std::make_shared<T>();
    else if (slot.use_count() > 1)
      slot = std::make_shared<T>(*slot);
    return const_cast<T&>(*slot); // sole owner: safe to change
  }
  T& operator[](const std::string& key) { return edit(key); }
  bool erase(std::string_view key) {
    auto it = map_.find(key);
    if (it == map_.end())
      return false;
    map_.erase(it);
    return true;
  }
  // pred(key, value)
  template <typename Pred> void erase_if(Pred pred) {
    for (auto it = map_.begin(); it != map_.end();)
      it = pred(it->first, *it->second) ? map_.erase(it) : std::next(it);
  }
  std::vector<std::string> keys() const {
    std::vector<std::string> out;
    for (const auto& [k, v] : map_)
      out.push_back(k);
    return out;
  }

private:
  Map map_;
};

class Catalog {
public:
  std::set<std::string> schemas{"public"};
  CowMap<CatalogTable> tables;
  CowMap<CatalogIndex> indexes; // "schema.name" (schema of its table)
  std::map<std::string, CatalogSequence> sequences;
  std::map<std::string, CatalogView> views;
  std::map<std::string, std::vector<std::string>> enums; // labels in order
  std::map<std::string, CatalogDomain> domains;
  std::set<std::string> functions;  // "schema.name" (overloads are not told apart)
  std::set<std::string> extensions; // extension names
  std::vector<std::string> search_path{"public"};

  // Whether "does not exist" can be believed: the history starts from an empty schema (its
  // first migration names nothing it did not create) or a --schema dump gave the start.
  bool trusted = false;
  // Lower-cased text of statements the model cannot follow (DO blocks, function calls,
  // CREATE EXTENSION): a name missing from the model but found here may have been made there.
  std::string opaque_text;
  int opaque_statements = 0;

  // --- name resolution like PostgreSQL ---------------------------------------------------------
  // The key "schema.name" of an existing relation of any kind: qualified names as given,
  // unqualified ones through search_path. Empty when none exists.
  std::string resolve_relation(std::string_view schema, std::string_view name) const;
  // Where an unqualified new object goes: the first schema of search_path that exists.
  std::string creation_schema(std::string_view schema) const;
  // A user type (enum or domain) "schema.name", searched like a relation; empty when none.
  std::string resolve_type(std::string_view schema, std::string_view name) const;
  CatalogRelationKind relation_kind(const std::string& key) const;
  bool relation_exists(const std::string& key) const {
    return relation_kind(key) != CatalogRelationKind::None;
  }
  // A constraint of any table in `schema` with that name (PostgreSQL keeps constraint names
  // unique per schema when it chooses them).
  bool constraint_name_used(const std::string& schema, std::string_view name) const;

  const CatalogTable* table(const std::string& key) const;
  CatalogTable* table(const std::string& key);

  // Whether the model may be missing an object of this name because a statement it cannot
  // follow could have made it.
  bool maybe_made_by_opaque(std::string_view name) const;

  // Every relation-like name in the schema, for "did you mean" suggestions.
  std::vector<std::string> relation_names(const std::string& schema) const;
};

// "schema.name" -> {"schema", "name"}.
std::pair<std::string, std::string> split_key(const std::string& key);
// The display form: "orders" for public.orders, "billing.orders" otherwise.
std::string display_key(const std::string& key);

} // namespace pgdrydock
