// Helpers shared by the statement families of the lock model.
#include <set>
#include <string>

#include <simdjson.h>

#include "lint/effects/effect_families.h"

namespace pgdrydock::effects {
namespace {

constexpr std::size_t kMaxIdentifier = 63; // NAMEDATALEN - 1

void collect_cte_names(simdjson::dom::element e, std::set<std::string>& names) {
  simdjson::dom::object obj;
  if (e.get_object().get(obj) == simdjson::SUCCESS) {
    for (auto field : obj) {
      if (field.key == "CommonTableExpr") {
        Node cte(field.value);
        names.insert(std::string(cte.str("ctename")));
      }
      collect_cte_names(field.value, names);
    }
    return;
  }
  simdjson::dom::array arr;
  if (e.get_array().get(arr) == simdjson::SUCCESS)
    for (simdjson::dom::element child : arr)
      collect_cte_names(child, names);
}

void collect_range_vars(simdjson::dom::element e, const std::set<std::string>& ctes,
                        EffectList& out) {
  simdjson::dom::object obj;
  if (e.get_object().get(obj) == simdjson::SUCCESS) {
    for (auto field : obj) {
      // A data-modifying statement inside the tree (a WITH ... DELETE, EXPLAIN UPDATE): its
      // target is written, and its `relation` is a bare RangeVar body the walk would not see.
      if (field.key == "InsertStmt" || field.key == "UpdateStmt" || field.key == "DeleteStmt" ||
          field.key == "MergeStmt") {
        Node target = Node(field.value)["relation"];
        if (target) {
          std::string name = qualified_name(target);
          bool known = out.find(name) != nullptr;
          Effect& written = out.lock(name, RelationKind::Table, LockMode::RowExclusive);
          if (!known)
            written.why = "written by the query";
        }
      }
      if (field.key == "RangeVar") {
        Node rv(field.value);
        if (rv.str("schemaname").empty() && ctes.count(std::string(rv.str("relname"))))
          continue;
        std::string name = qualified_name(rv);
        bool known = out.find(name) != nullptr;
        Effect& read = out.lock(name, RelationKind::Unknown, LockMode::AccessShare);
        if (!known)
          read.why = "read by the query";
        continue;
      }
      collect_range_vars(field.value, ctes, out);
    }
    return;
  }
  simdjson::dom::array arr;
  if (e.get_array().get(arr) == simdjson::SUCCESS)
    for (simdjson::dom::element child : arr)
      collect_range_vars(child, ctes, out);
}

} // namespace

std::string schema_of(const std::string& qualified) {
  std::size_t dot = qualified.find('.');
  return dot == std::string::npos ? std::string("public") : qualified.substr(0, dot);
}

std::string name_of(const std::string& qualified) {
  std::size_t dot = qualified.find('.');
  return dot == std::string::npos ? qualified : qualified.substr(dot + 1);
}

std::string in_schema_of(const std::string& sibling, std::string_view name) {
  return schema_of(sibling) + "." + std::string(name);
}

std::string implicit_name(std::string_view table, const std::vector<std::string>& columns,
                          std::string_view label) {
  std::string name1(table);
  std::string name2;
  for (const std::string& c : columns) {
    if (!name2.empty())
      name2 += '_';
    name2 += c;
  }
  // Like makeObjectName: shorten the longer part first until everything fits.
  std::size_t overhead = label.size() + 1 + (name2.empty() ? 0 : 1);
  std::size_t avail = kMaxIdentifier > overhead ? kMaxIdentifier - overhead : 0;
  while (name1.size() + name2.size() > avail) {
    if (name1.size() > name2.size())
      name1.pop_back();
    else
      name2.pop_back();
  }
  std::string out = name1;
  if (!name2.empty())
    out += "_" + name2;
  out += "_";
  out += label;
  return out;
}

void add_read_relations(const Node& tree, EffectList& out) {
  if (!tree)
    return;
  std::set<std::string> ctes;
  collect_cte_names(tree.raw(), ctes);
  collect_range_vars(tree.raw(), ctes, out);
}

std::vector<std::string> constraint_key_columns(const Node& constraint) {
  std::vector<std::string> cols;
  for (std::string_view k : constraint.names("keys"))
    cols.emplace_back(k);
  for (const Node& ex : constraint.list("exclusions")) {
    std::vector<Node> pair = ex["List"].list("items");
    if (!pair.empty()) {
      Node elem = pair[0].as("IndexElem");
      cols.emplace_back(elem.str("name").empty() ? "expr" : elem.str("name"));
    }
  }
  return cols;
}

RelationKind kind_of_object(std::string_view object_type) {
  if (object_type == "OBJECT_INDEX")
    return RelationKind::Index;
  if (object_type == "OBJECT_SEQUENCE")
    return RelationKind::Sequence;
  if (object_type == "OBJECT_VIEW")
    return RelationKind::View;
  if (object_type == "OBJECT_MATVIEW")
    return RelationKind::MaterializedView;
  if (object_type == "OBJECT_TABLE" || object_type == "OBJECT_FOREIGN_TABLE")
    return RelationKind::Table;
  return RelationKind::Unknown;
}

} // namespace pgdrydock::effects
