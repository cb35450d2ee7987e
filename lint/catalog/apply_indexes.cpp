// CREATE INDEX and dropping an index for the Applier.
#include <algorithm>

#include "lint/catalog/applier.h"
#include "lint/catalog/expression.h"
#include "lint/catalog/names.h"

namespace pgdrydock::catalog_apply {

// ---- CREATE INDEX ---------------------------------------------------------------------------

void Applier::create_index(const Node& b) {
  std::string table_key = key_of(b["relation"]);
  auto [schema, tname] = split_key(table_key);
  CatalogIndex idx;
  idx.table = table_key;
  idx.unique = b.boolean("unique");
  idx.primary = b.boolean("primary");
  if (!b.str("accessMethod").empty())
    idx.method = std::string(b.str("accessMethod"));
  if (Node w = b["whereClause"])
    idx.predicate = expression_text(w, src);
  std::vector<std::string> column_names; // for the generated name
  for (const Node& p : b.list("indexParams")) {
    Node e = p.as("IndexElem");
    std::string colname;
    if (e.has("name")) {
      idx.keys.emplace_back(e.str("name"));
      colname = std::string(e.str("name"));
    } else {
      idx.keys.push_back(expression_text(e["expr"], src));
      Node f = e["expr"].as("FuncCall");
      colname = "expr";
      if (f && !f.names("funcname").empty())
        colname = std::string(f.names("funcname").back());
    }
    if (!e.str("indexcolname").empty())
      colname = std::string(e.str("indexcolname"));
    // Index column names are made unique by appending 1, 2, ...
    std::string candidate = colname;
    for (int i = 1;
         std::find(column_names.begin(), column_names.end(), candidate) != column_names.end(); ++i)
      candidate = colname + std::to_string(i);
    column_names.push_back(candidate);
  }
  std::string name(b.str("idxname"));
  if (name.empty())
    name = idx.primary ? choose_relation_name(c, schema, tname, "", "pkey", true)
                       : choose_relation_name(c, schema, tname, join_name_parts(column_names),
                                              "idx", false);
  std::string key = schema + "." + name;
  if (c.relation_exists(key) && b.boolean("if_not_exists"))
    return;
  idx.name = name;
  c.indexes[key] = idx;
  if (!c.table(table_key) && !c.views.count(table_key))
    table_for(table_key);
}

void Applier::drop_index(const std::string& key) {
  const CatalogIndex* idx = c.indexes.get(key);
  if (!idx)
    return;
  std::string constraint = idx->constraint;
  std::string table = idx->table;
  c.indexes.erase(key);
  if (!constraint.empty())
    if (auto* t = c.table(table))
      std::erase_if(t->constraints, [&](const auto& k) { return k.name == constraint; });
}

} // namespace pgdrydock::catalog_apply
