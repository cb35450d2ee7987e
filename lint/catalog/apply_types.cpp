// Everything beside tables and indexes for the Applier: enums, domains, sequences, views,
// and the SELECT calls that may change the catalog.
#include <algorithm>

#include "lint/catalog/applier.h"

namespace pgdrydock::catalog_apply {

// ---- types, sequences, views, the rest ------------------------------------------------------

void Applier::create_enum(const Node& b) {
  auto [s, n] = name_parts(b.names("typeName"));
  std::vector<std::string> labels;
  for (auto v : b.names("vals"))
    labels.emplace_back(v);
  c.enums[c.creation_schema(s) + "." + n] = labels;
}

void Applier::alter_enum(const Node& b) {
  auto [s, n] = name_parts(b.names("typeName"));
  std::string key = c.resolve_type(s, n);
  if (!c.enums.count(key))
    return;
  auto& labels = c.enums.edit(key);
  std::string new_val(b.str("newVal"));
  if (!b.str("oldVal").empty()) {
    for (auto& l : labels)
      if (l == b.str("oldVal"))
        l = new_val;
    return;
  }
  if (std::find(labels.begin(), labels.end(), new_val) != labels.end())
    return; // ADD VALUE IF NOT EXISTS
  std::string neighbor(b.str("newValNeighbor"));
  auto pos = std::find(labels.begin(), labels.end(), neighbor);
  if (neighbor.empty() || pos == labels.end())
    labels.push_back(new_val);
  else
    labels.insert(b.boolean("newValIsAfter") ? pos + 1 : pos, new_val);
}

void Applier::create_domain(const Node& b) {
  auto [s, n] = name_parts(b.names("domainname"));
  CatalogDomain d;
  d.base_type = catalog_type_name(c, b["typeName"]);
  for (const Node& k : b.list("constraints")) {
    Node body = k.as("Constraint");
    if (body.str("contype") == "CONSTR_NOTNULL")
      d.not_null = true;
    else if (body.str("contype") == "CONSTR_CHECK")
      d.constraints.insert(body.str("conname").empty() ? n + "_check"
                                                       : std::string(body.str("conname")));
  }
  c.domains[c.creation_schema(s) + "." + n] = d;
}

void Applier::sequence_options(const std::string& key, const Node& b) {
  CatalogSequence& seq = c.sequences[key];
  for (const Node& opt : b.list("options")) {
    Node d = opt.as("DefElem");
    if (d.str("defname") == "as") {
      seq.type = catalog_type_name(c, d["arg"].as("TypeName"));
    } else if (d.str("defname") == "owned_by") {
      auto parts = d["arg"].as("List").names("items");
      if (parts.size() == 1 && parts[0] == "none") {
        seq.owned_by.clear();
      } else if (parts.size() >= 2) {
        std::string column(parts.back());
        parts.pop_back();
        auto [s, n] = name_parts(parts);
        std::string table = c.resolve_relation(s, n);
        if (table.empty())
          table = c.creation_schema(s) + "." + n;
        seq.owned_by = table + "." + column;
      }
    }
  }
}

void Applier::collect_relations(simdjson::dom::element e, std::set<std::string>& out) {
  if (e.is_object()) {
    for (auto [k, v] : e.get_object()) {
      if (k == "RangeVar") {
        Node rv(v);
        auto [s, n] = range_var_parts(rv);
        std::string key = c.resolve_relation(s, n);
        if (!key.empty())
          out.insert(key);
        continue;
      }
      collect_relations(v, out);
    }
  } else if (e.is_array()) {
    for (auto v : e.get_array())
      collect_relations(v, out);
  }
}

void Applier::create_view(const Node& rv, const Node& query, bool materialized) {
  auto [s, n] = range_var_parts(rv);
  std::string key = c.creation_schema(s) + "." + n;
  CatalogView v;
  v.materialized = materialized;
  collect_relations(query.raw(), v.depends_on);
  c.views[key] = v;
}

bool Applier::only_known_calls(const Node& b) {
  // SELECT set_config('search_path', ...) as pg_dump writes it changes the search path.
  auto targets = b.list("targetList");
  if (targets.size() != 1)
    return false;
  Node f = targets[0].as("ResTarget")["val"].as("FuncCall");
  if (!f || f.names("funcname").empty() || f.names("funcname").back() != "set_config")
    return false;
  auto args = f.list("args");
  if (args.size() < 2 || args[0].as("A_Const")["sval"].str("sval") != "search_path")
    return true;
  std::string path(args[1].as("A_Const")["sval"].str("sval"));
  c.search_path.clear();
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t comma = path.find(',', start);
    std::string part =
        path.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    part.erase(0, part.find_first_not_of(' '));
    part.erase(part.find_last_not_of(' ') + 1);
    if (!part.empty() && part != "\"$user\"" && part != "$user")
      c.search_path.push_back(part);
    if (comma == std::string::npos)
      break;
    start = comma + 1;
  }
  if (c.search_path.empty())
    c.search_path.push_back("pg_catalog"); // nothing unqualified resolves to a user schema
  return true;
}

bool Applier::has_function_call(simdjson::dom::element e) {
  if (e.is_object()) {
    for (auto [k, v] : e.get_object()) {
      if (k == "FuncCall")
        return true;
      if (has_function_call(v))
        return true;
    }
  } else if (e.is_array()) {
    for (auto v : e.get_array())
      if (has_function_call(v))
        return true;
  }
  return false;
}

} // namespace pgdrydock::catalog_apply
