// Private to apply_statement(): the Applier moves a Catalog past one statement. Its member
// functions are defined by statement family: apply.cpp (shared helpers and the dispatch),
// apply_tables.cpp (CREATE TABLE, columns, constraints), apply_alter_table.cpp,
// apply_indexes.cpp, apply_drop.cpp, apply_rename.cpp and apply_types.cpp (enums, domains,
// sequences, views, the rest).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "lint/catalog/apply.h"
#include "lint/catalog/catalog.h"
#include "lint/parse_node.h"
#include "lint/source_file.h"

namespace pgdrydock::catalog_apply {

// Names a table the statement changes in place for as long as it lives (Catalog::
// changing_tables: the catalog's lookups leave it alone meanwhile).
class ChangingTable {
public:
  ChangingTable(Catalog& c, std::string key, const CatalogTable& t) : c_(c) {
    c_.changing_tables.push_back({std::move(key), &t});
  }
  ~ChangingTable() { c_.changing_tables.pop_back(); }
  void now(const CatalogTable& t) { c_.changing_tables.back().table = &t; }
  ChangingTable(const ChangingTable&) = delete;
  ChangingTable& operator=(const ChangingTable&) = delete;

private:
  Catalog& c_;
};

struct Applier {
  Catalog& c;
  std::string_view src;
  const SourceLocation& where;

  // The dispatch: one statement, as ParseSession returns it.
  void run(const Node& root);

  // ---- shared helpers (apply.cpp) ----------------------------------------------------------

  void opaque();
  std::string key_of(const Node& rv) const;
  CatalogTable& table_for(const std::string& key);
  std::vector<std::string> indexes_of(const std::string& table) const; // in name order

  // Changes the values of `map` that `wanted` picks, and only those (the others stay shared
  // with snapshots).
  template <typename T, typename Want, typename Change>
  static void edit_where(PersistentMap<T>& map, Want&& wanted, Change&& change) {
    std::vector<std::string> picked;
    for (const auto& [key, value] : map)
      if (wanted(value))
        picked.push_back(key);
    for (const auto& key : picked)
      change(map.edit(key));
  }
  template <typename Want, typename Change> void edit_tables_where(Want&& wanted, Change&& change) {
    edit_where(c.tables, wanted, change);
  }
  template <typename Want, typename Change>
  void edit_sequences_where(Want&& wanted, Change&& change) {
    edit_where(c.sequences, wanted, change);
  }

  // ---- CREATE TABLE, columns and constraints (apply_tables.cpp) ------------------------------

  // Returns the sequence's key.
  std::string add_sequence_for(CatalogTable& t, CatalogColumn& col, const std::string& type,
                               std::string seq_name = {});
  CatalogColumn column_from(const Node& def, std::vector<std::pair<Node, std::string>>& deferred,
                            bool& serial, std::string& serial_type);
  std::vector<std::string> string_list(const Node& body, std::string_view key);
  void add_index_for_constraint(CatalogTable& t, CatalogConstraint& k, const Node& body);
  void add_constraint(CatalogTable& t, const Node& body, const std::string& column,
                      std::vector<std::string>& pending_names);
  void add_constraints(CatalogTable& t, const std::vector<std::pair<Node, std::string>>& list);
  void create_table(const Node& b);

  // ---- ALTER TABLE (apply_alter_table.cpp) ---------------------------------------------------

  void drop_constraint(CatalogTable& t, const std::string& name);
  void drop_column(CatalogTable& t, const std::string& column);
  void alter_table(const Node& b);

  // ---- CREATE INDEX, dropping an index (apply_indexes.cpp) -----------------------------------

  void create_index(const Node& b);
  void drop_index(const std::string& key);

  // ---- DROP (apply_drop.cpp) -----------------------------------------------------------------

  void drop_table(const std::string& key);
  void drop(const Node& b);

  // ---- RENAME (apply_rename.cpp) -------------------------------------------------------------

  void rename_relation(const std::string& old_key, const std::string& new_name);
  void rename(const Node& b);

  // ---- types, sequences, views, the rest (apply_types.cpp) -----------------------------------

  void create_enum(const Node& b);
  void alter_enum(const Node& b);
  void create_domain(const Node& b);
  void sequence_options(const std::string& key, const Node& b);
  void collect_relations(simdjson::dom::element e, std::set<std::string>& out);
  void create_view(const Node& rv, const Node& query, bool materialized);
  bool only_known_calls(const Node& b);
  static bool has_function_call(simdjson::dom::element e);
};

} // namespace pgdrydock::catalog_apply
