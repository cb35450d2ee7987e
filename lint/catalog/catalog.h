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
#include <unordered_map>
#include <vector>

#include "lint/catalog/lookups.h"
#include "lint/catalog/opaque_text.h"
#include "lint/catalog/persistent_map.h"
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
  // Columns dropped so far: PostgreSQL keeps their attribute numbers, and they count toward its
  // limit of 1,600 columns per table.
  int dropped_columns = 0;

private:
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::size_t column_position(std::string_view n) const; // columns.size() when none
  void index_columns();
  std::unordered_map<std::string, std::size_t, NameHash, std::equal_to<>> column_at_;
  std::size_t columns_indexed_ = 0; // columns[0, columns_indexed_) are in column_at_

public:
  // Found through a name index, so a table of many columns costs O(1) per lookup. Change the
  // columns through add_column/drop_column/rename_column/set_columns; a column appended to
  // `columns` directly is still found (the part the index does not cover is scanned).
  const CatalogColumn* column(std::string_view n) const;
  CatalogColumn* column(std::string_view n);
  CatalogColumn& add_column(CatalogColumn col);
  void drop_column(std::string_view n);
  void rename_column(std::string_view from, const std::string& to);
  void set_columns(std::vector<CatalogColumn> cols);
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

// Every container of the catalog shares structure between copies (lint/catalog/persistent_map.h):
// the snapshot taken per migration costs O(1) and a migration pays only for what it changes.
template <typename T> using CowMap = PersistentMap<T>;

class Catalog {
public:
  PersistentSet schemas{"public"};
  PersistentMap<CatalogTable> tables;
  PersistentMap<CatalogIndex> indexes; // "schema.name" (schema of its table)
  PersistentMap<CatalogSequence> sequences;
  PersistentMap<CatalogView> views;
  PersistentMap<std::vector<std::string>> enums; // labels in order
  PersistentMap<CatalogDomain> domains;
  PersistentSet functions;  // "schema.name" (overloads are not told apart)
  PersistentSet extensions; // extension names
  std::vector<std::string> search_path{"public"};

  // Whether "does not exist" can be believed: the history starts from an empty schema (its
  // first migration names nothing it did not create) or a --schema dump gave the start.
  bool trusted = false;
  // Lower-cased text of statements the model cannot follow (DO blocks, function calls,
  // CREATE EXTENSION): a name missing from the model but found here may have been made there.
  OpaqueText opaque_text;
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

  // Reverse indexes over tables and indexes (lint/catalog/lookups.h), brought up to date with
  // them when asked. A catalog read by several threads must be refreshed before it is shared,
  // so that their reads change nothing.
  // The tables the statement being applied changes in place (lint/catalog/apply.cpp holds
  // references into them): a refresh leaves them out, so that it never shares a value that is
  // still being changed (and so never misses those changes), and constraint_name_used() looks
  // at them directly. Empty between statements.
  struct Changing {
    std::string key;
    const CatalogTable* table = nullptr;
  };
  std::vector<Changing> changing_tables;
  const CatalogLookups& lookups() const {
    refresh_lookups();
    return lookups_;
  }
  void refresh_lookups() const;

private:
  mutable CatalogLookups lookups_;
};

// "schema.name" -> {"schema", "name"}.
std::pair<std::string, std::string> split_key(const std::string& key);
// The display form: "orders" for public.orders, "billing.orders" otherwise.
std::string display_key(const std::string& key);

} // namespace pgdrydock
