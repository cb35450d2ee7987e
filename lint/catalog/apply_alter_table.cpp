// ALTER TABLE for the Applier: its subcommands, and dropping columns and constraints with
// what depends on them.
#include <algorithm>

#include "lint/catalog/applier.h"
#include "lint/catalog/expression.h"

namespace pgdrydock::catalog_apply {

// ---- ALTER TABLE --------------------------------------------------------------------------

void Applier::drop_constraint(CatalogTable& t, const std::string& name) {
  auto* k = t.constraint(name);
  if (!k)
    return;
  std::string index = k->index;
  std::erase_if(t.constraints, [&](const auto& x) { return x.name == name; });
  if (!index.empty())
    c.indexes.erase(index);
}

void Applier::drop_column(CatalogTable& t, const std::string& column) {
  std::string key = t.schema + "." + t.name;
  t.drop_column(column);
  std::vector<std::string> gone_indexes;
  for (const auto& ik : indexes_of(key)) {
    const CatalogIndex* found = c.indexes.get(ik);
    if (!found)
      continue;
    const CatalogIndex& idx = *found;
    bool uses = std::find(idx.keys.begin(), idx.keys.end(), column) != idx.keys.end() ||
                expression_mentions(idx.predicate, column);
    for (const auto& k : idx.keys)
      if (is_expression_key(k) && expression_mentions(k, column))
        uses = true;
    if (uses)
      gone_indexes.push_back(ik);
  }
  for (const auto& ik : gone_indexes)
    drop_index(ik);
  std::vector<std::string> gone;
  for (const auto& k : t.constraints)
    if (std::find(k.columns.begin(), k.columns.end(), column) != k.columns.end())
      gone.push_back(k.name);
  for (const auto& n : gone)
    drop_constraint(t, n);
  // Foreign keys of other tables that reference the column (needs CASCADE in reality).
  auto references_column = [&](const CatalogConstraint& k) {
    return k.kind == ConstraintKind::ForeignKey && k.fk_table == key &&
           std::find(k.fk_columns.begin(), k.fk_columns.end(), column) != k.fk_columns.end();
  };
  edit_tables_where(
      [&](const CatalogTable& o) {
        return std::any_of(o.constraints.begin(), o.constraints.end(), references_column);
      },
      [&](CatalogTable& o) { std::erase_if(o.constraints, references_column); });
  c.sequences.erase_if([&](const std::string&, const CatalogSequence& s) {
    return s.owned_by == key + "." + column;
  });
}

void Applier::alter_table(const Node& b) {
  std::string_view objtype = b.str("objtype");
  if (!objtype.empty() && objtype != "OBJECT_TABLE" && objtype != "OBJECT_FOREIGN_TABLE")
    return; // ALTER INDEX/SEQUENCE/VIEW options: nothing the model keeps
  Node rv = b["relation"];
  auto [schema, name] = range_var_parts(rv);
  std::string key = c.resolve_relation(schema, name);
  if (key.empty()) {
    if (b.boolean("missing_ok"))
      return;
    key = c.creation_schema(schema) + "." + name;
  }
  CatalogTable& t = table_for(key);
  ChangingTable changing(c, key, t);
  for (const Node& item : b.list("cmds")) {
    Node cmd = item.as("AlterTableCmd");
    std::string_view sub = cmd.str("subtype");
    std::string col_name(cmd.str("name"));
    if (sub == "AT_AddColumn") {
      Node def = cmd["def"].as("ColumnDef");
      std::vector<std::pair<Node, std::string>> constraints;
      bool serial = false;
      std::string serial_type;
      CatalogColumn col = column_from(def, constraints, serial, serial_type);
      if (t.column(col.name)) {
        if (cmd.boolean("missing_ok"))
          continue; // ADD COLUMN IF NOT EXISTS
        drop_column(t, col.name);
      }
      CatalogColumn& added = t.add_column(std::move(col));
      if (serial) {
        std::string seq_key = add_sequence_for(t, added, serial_type);
        added.default_expr = normalize_expression_sql("nextval('" + seq_key + "')");
      } else if (added.identity) {
        add_sequence_for(t, added, added.type);
      }
      add_constraints(t, constraints);
    } else if (sub == "AT_DropColumn") {
      drop_column(t, col_name);
    } else if (sub == "AT_AlterColumnType") {
      if (auto* col = t.column(col_name)) {
        Node def = cmd["def"].as("ColumnDef");
        col->type = catalog_type_name(c, def["typeName"]);
        if (Node coll = def["collClause"])
          if (auto names = coll.body().names("collname"); !names.empty())
            col->collation = std::string(names.back());
      }
    } else if (sub == "AT_ColumnDefault") {
      if (auto* col = t.column(col_name)) {
        Node e = cmd["def"];
        if (!e || (e.kind() == "A_Const" && e.body().boolean("isnull")))
          col->default_expr.reset();
        else
          col->default_expr = expression_text(e, src);
      }
    } else if (sub == "AT_SetNotNull") {
      if (auto* col = t.column(col_name))
        col->not_null = true;
    } else if (sub == "AT_DropNotNull") {
      if (auto* col = t.column(col_name))
        col->not_null = false;
    } else if (sub == "AT_AddConstraint") {
      std::vector<std::pair<Node, std::string>> one{{cmd["def"].as("Constraint"), std::string{}}};
      add_constraints(t, one);
    } else if (sub == "AT_DropConstraint") {
      drop_constraint(t, col_name);
    } else if (sub == "AT_ValidateConstraint") {
      if (auto* k = t.constraint(col_name))
        k->validated = true;
    } else if (sub == "AT_EnableRowSecurity") {
      t.rls_enabled = true;
    } else if (sub == "AT_DisableRowSecurity") {
      t.rls_enabled = false;
    } else if (sub == "AT_ForceRowSecurity") {
      t.rls_forced = true;
    } else if (sub == "AT_NoForceRowSecurity") {
      t.rls_forced = false;
    } else if (sub == "AT_AddIdentity") {
      if (auto* col = t.column(col_name)) {
        Node k = cmd["def"].as("Constraint");
        std::string_view when = k.str("generated_when");
        col->identity = when.empty() ? 'a' : when[0];
        col->not_null = true;
        std::string seq_name;
        for (const Node& opt : k.list("options")) {
          Node d = opt.as("DefElem");
          if (d.str("defname") == "sequence_name") {
            auto [s, n] = name_parts(d["arg"].as("List").names("items"));
            seq_name = (s.empty() ? t.schema : s) + "." + n;
          }
        }
        add_sequence_for(t, *col, col->type, seq_name);
      }
    } else if (sub == "AT_DropIdentity") {
      if (auto* col = t.column(col_name)) {
        col->identity = 0;
        c.sequences.erase_if([&](const std::string&, const CatalogSequence& s) {
          return s.owned_by == key + "." + col_name;
        });
      }
    } else if (sub == "AT_SetIdentity") {
      if (auto* col = t.column(col_name))
        for (const Node& opt : cmd["def"].as("List").list("items"))
          if (Node d = opt.as("DefElem"); d && d.str("defname") == "generated")
            col->identity = d["arg"].as("Integer").integer("ival") == 1 ? 'a' : 'd';
    } else if (sub == "AT_DropExpression") {
      if (auto* col = t.column(col_name)) {
        col->generated = false;
        col->generation_expr.clear();
      }
    } else if (sub == "AT_AttachPartition") {
      Node pc = cmd["def"].as("PartitionCmd");
      std::string part = key_of(pc["name"]);
      table_for(part).partition_of = key;
    } else if (sub == "AT_DetachPartition") {
      Node pc = cmd["def"].as("PartitionCmd");
      std::string part = key_of(pc["name"]);
      if (auto* p = c.table(part))
        p->partition_of.clear();
    }
  }
}

} // namespace pgdrydock::catalog_apply
