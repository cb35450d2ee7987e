#include "lint/catalog/apply.h"

#include <cctype>

#include "lint/catalog/applier.h"
#include "lint/effects/predict.h"
#include "lint/support/text.h"

namespace pgdrydock::catalog_apply {

void Applier::opaque() {
  c.opaque_text.append(lowercase_ascii(src));
  ++c.opaque_statements;
}

// An existing relation's key, or where a new one of that name would go.
std::string Applier::key_of(const Node& rv) const {
  auto [schema, name] = range_var_parts(rv);
  std::string key = c.resolve_relation(schema, name);
  return key.empty() ? c.creation_schema(schema) + "." + name : key;
}

// The table an ALTER names; made up (uncertain) when the model never saw it, so that what
// follows still has somewhere to go.
CatalogTable& Applier::table_for(const std::string& key) {
  if (auto* t = c.table(key))
    return *t;
  auto [schema, name] = split_key(key);
  CatalogTable& t = c.tables[key];
  t.schema = schema;
  t.name = name;
  t.uncertain = true;
  return t;
}

std::vector<std::string> Applier::indexes_of(const std::string& table) const {
  std::vector<std::string> out;
  for (const auto& key : c.lookups().indexes_of(table))
    out.push_back(key);
  return out;
}

void Applier::run(const Node& root) {
  std::string_view kind = root.kind();
  Node b = root.body();
  if (kind == "CreateStmt")
    create_table(b);
  else if (kind == "AlterTableStmt")
    alter_table(b);
  else if (kind == "IndexStmt")
    create_index(b);
  else if (kind == "DropStmt")
    drop(b);
  else if (kind == "RenameStmt")
    rename(b);
  else if (kind == "CreateSchemaStmt")
    c.schemas.insert(std::string(b.str("schemaname")));
  else if (kind == "CreateEnumStmt")
    create_enum(b);
  else if (kind == "AlterEnumStmt")
    alter_enum(b);
  else if (kind == "CreateDomainStmt")
    create_domain(b);
  else if (kind == "CreateSeqStmt") {
    auto [s, n] = range_var_parts(b["sequence"]);
    std::string key = c.creation_schema(s) + "." + n;
    if (c.relation_exists(key) && b.boolean("if_not_exists"))
      return;
    c.sequences[key] = CatalogSequence{};
    sequence_options(key, b);
  } else if (kind == "AlterSeqStmt") {
    std::string key = key_of(b["sequence"]);
    sequence_options(key, b);
  } else if (kind == "ViewStmt") {
    create_view(b["view"], b["query"], false);
  } else if (kind == "CreateTableAsStmt") {
    if (b.str("objtype") == "OBJECT_MATVIEW")
      create_view(b["into"]["rel"], b["query"], true);
    else
      opaque(); // CREATE TABLE AS: columns come from a query the model does not type
  } else if (kind == "CreateFunctionStmt") {
    auto [s, n] = name_parts(b.names("funcname"));
    c.functions.insert(c.creation_schema(s) + "." + n);
    opaque(); // its body may create objects when it is called
  } else if (kind == "CreateTrigStmt") {
    std::string key = key_of(b["relation"]);
    if (auto* t = c.table(key))
      t->triggers.insert(std::string(b.str("trigname")));
  } else if (kind == "CreatePolicyStmt") {
    std::string key = key_of(b["table"]);
    if (auto* t = c.table(key))
      t->policies.insert(std::string(b.str("policy_name")));
  } else if (kind == "CreateExtensionStmt") {
    c.extensions.insert(std::string(b.str("extname")));
    opaque();
  } else if (kind == "VariableSetStmt") {
    if (b.str("name") == "search_path") {
      if (b.str("kind") == "VAR_SET_VALUE") {
        c.search_path.clear();
        for (const Node& a : b.list("args")) {
          std::string v(a.as("A_Const")["sval"].str("sval"));
          if (v != "$user" && !v.empty())
            c.search_path.push_back(v);
        }
      } else if (b.str("kind") == "VAR_SET_DEFAULT" || b.str("kind") == "VAR_RESET") {
        c.search_path = {"public"};
      }
    }
  } else if (kind == "DoStmt" || kind == "CallStmt") {
    opaque();
  } else if (kind == "SelectStmt") {
    if (!only_known_calls(b) && has_function_call(b.raw()))
      opaque();
  } else if (kind == "AlterObjectSchemaStmt" && b.str("objectType") == "OBJECT_TABLE") {
    std::string key = key_of(b["relation"]);
    std::string new_schema(b.str("newschema"));
    if (const CatalogTable* found = c.tables.get(key)) {
      CatalogTable t = *found;
      c.tables.erase(key);
      t.schema = new_schema;
      std::string new_key = new_schema + "." + t.name;
      for (const auto& ik : indexes_of(key)) {
        CatalogIndex idx = c.indexes.edit(ik);
        idx.table = new_key;
        c.indexes.erase(ik);
        c.indexes[new_schema + "." + idx.name] = idx;
      }
      c.tables[new_key] = std::move(t);
    }
  }
}

} // namespace pgdrydock::catalog_apply

namespace pgdrydock {

std::pair<std::string, std::string> range_var_parts(const Node& range_var) {
  return {std::string(range_var.str("schemaname")), std::string(range_var.str("relname"))};
}

std::pair<std::string, std::string> name_parts(const std::vector<std::string_view>& names) {
  if (names.empty())
    return {};
  if (names.size() == 1)
    return {std::string(), std::string(names[0])};
  return {std::string(names[names.size() - 2]), std::string(names.back())};
}

std::string catalog_type_name(const Catalog& catalog, const Node& type_name) {
  auto names = type_name.names("names");
  if (names.empty())
    return {};
  bool array = type_name.has("arrayBounds");
  if (names.size() >= 2 && names[names.size() - 2] != "pg_catalog") {
    auto [s, n] = name_parts(names);
    return s + "." + n + (array ? "[]" : "");
  }
  if (names.size() == 1) {
    std::string key = catalog.resolve_type("", names[0]);
    if (!key.empty())
      return key + (array ? "[]" : "");
  }
  return canonical_type_name(type_name);
}

void CatalogSession::apply(const Node& root, std::string_view source, const SourceLocation& where) {
  if (Node t = root.as("TransactionStmt")) {
    std::string_view kind = t.str("kind");
    if (kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START") {
      if (!at_begin_)
        at_begin_ = catalog_;
    } else if (kind == "TRANS_STMT_ROLLBACK") {
      if (at_begin_)
        catalog_ = std::move(*at_begin_);
      at_begin_.reset();
    } else if (kind == "TRANS_STMT_COMMIT") {
      at_begin_.reset();
    }
    return;
  }
  apply_statement(catalog_, root, source, where);
}

void apply_statement(Catalog& catalog, const Node& root, std::string_view source,
                     const SourceLocation& where) {
  if (!root)
    return;
  catalog_apply::Applier{catalog, source, where}.run(root);
}

} // namespace pgdrydock
