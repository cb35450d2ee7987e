#include "lint/catalog/apply.h"

#include <algorithm>
#include <cctype>

#include "lint/catalog/expression.h"
#include "lint/catalog/names.h"
#include "lint/effects/predict.h"

namespace pgdrydock {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Applier {
  Catalog& c;
  std::string_view src;
  const SourceLocation& where;

  void opaque() {
    c.opaque_text += lower(src);
    c.opaque_text += '\n';
    ++c.opaque_statements;
  }

  // An existing relation's key, or where a new one of that name would go.
  std::string key_of(const Node& rv) const {
    auto [schema, name] = range_var_parts(rv);
    std::string key = c.resolve_relation(schema, name);
    return key.empty() ? c.creation_schema(schema) + "." + name : key;
  }

  // The table an ALTER names; made up (uncertain) when the model never saw it, so that what
  // follows still has somewhere to go.
  CatalogTable& table_for(const std::string& key) {
    if (auto* t = c.table(key))
      return *t;
    auto [schema, name] = split_key(key);
    CatalogTable& t = c.tables[key];
    t.schema = schema;
    t.name = name;
    t.uncertain = true;
    return t;
  }

  // Changes the tables `wanted` picks, and only those (the others stay shared with snapshots).
  template <typename Want, typename Change> void edit_tables_where(Want&& wanted, Change&& change) {
    std::vector<std::string> picked;
    for (const auto& [key, table] : c.tables)
      if (wanted(table))
        picked.push_back(key);
    for (const auto& key : picked)
      change(c.tables.edit(key));
  }

  std::vector<std::string> indexes_of(const std::string& table) const {
    std::vector<std::string> out;
    for (const auto& [key, idx] : c.indexes)
      if (idx.table == table)
        out.push_back(key);
    return out;
  }

  // ---- columns and constraints ----------------------------------------------------------------

  void add_sequence_for(CatalogTable& t, CatalogColumn& col, const std::string& type,
                        std::string seq_name = {}) {
    std::string key;
    if (seq_name.empty()) {
      seq_name = choose_relation_name(c, t.schema, t.name, col.name, "seq", false);
      key = t.schema + "." + seq_name;
    } else {
      key = seq_name.find('.') == std::string::npos ? t.schema + "." + seq_name : seq_name;
    }
    CatalogSequence& s = c.sequences[key];
    s.type = type;
    s.owned_by = t.schema + "." + t.name + "." + col.name;
  }

  // Column definition -> column; constraints other than NOT NULL/DEFAULT/identity/generated are
  // returned as table-level Constraint nodes with the column filled in.
  CatalogColumn column_from(const Node& def, std::vector<std::pair<Node, std::string>>& deferred,
                            bool& serial, std::string& serial_type) {
    CatalogColumn col;
    col.name = std::string(def.str("colname"));
    Node tn = def["typeName"];
    std::string base = tn.names("names").empty() ? "" : std::string(tn.names("names").back());
    serial = false;
    if (base == "serial" || base == "serial4" || base == "bigserial" || base == "serial8" ||
        base == "smallserial" || base == "serial2") {
      serial = true;
      serial_type = base == "bigserial" || base == "serial8"     ? "int8"
                    : base == "smallserial" || base == "serial2" ? "int2"
                                                                 : "int4";
      col.type = serial_type;
      col.not_null = true;
    } else {
      col.type = catalog_type_name(c, tn);
    }
    if (Node coll = def["collClause"])
      if (auto names = coll.body().names("collname"); !names.empty())
        col.collation = std::string(names.back());
    for (const Node& cn : def.list("constraints")) {
      Node k = cn.as("Constraint");
      std::string_view type = k.str("contype");
      if (type == "CONSTR_NOTNULL")
        col.not_null = true;
      else if (type == "CONSTR_NULL")
        col.not_null = false;
      else if (type == "CONSTR_DEFAULT") {
        Node e = k["raw_expr"];
        if (e && !(e.kind() == "A_Const" && e.body().boolean("isnull")))
          col.default_expr = expression_text(e, src);
      } else if (type == "CONSTR_IDENTITY") {
        std::string_view when = k.str("generated_when");
        col.identity = when.empty() ? 'a' : when[0];
        col.not_null = true;
      } else if (type == "CONSTR_GENERATED") {
        col.generated = true;
        col.generation_expr = expression_text(k["raw_expr"], src);
      } else if (type == "CONSTR_PRIMARY") {
        col.not_null = true;
        deferred.emplace_back(k, col.name);
      } else {
        deferred.emplace_back(k, col.name);
      }
    }
    return col;
  }

  std::vector<std::string> string_list(const Node& body, std::string_view key) {
    std::vector<std::string> out;
    for (auto s : body.names(key))
      out.emplace_back(s);
    return out;
  }

  void add_index_for_constraint(CatalogTable& t, CatalogConstraint& k, const Node& body) {
    std::string index_name(body.str("indexname"));
    if (!index_name.empty()) { // UNIQUE USING INDEX: the index takes the constraint's name
      std::string old_key = t.schema + "." + index_name;
      if (const CatalogIndex* found = c.indexes.get(old_key)) {
        CatalogIndex idx = *found;
        c.indexes.erase(old_key);
        idx.name = k.name;
        idx.constraint = k.name;
        idx.primary = k.kind == ConstraintKind::PrimaryKey;
        if (k.columns.empty())
          k.columns = idx.keys;
        k.index = t.schema + "." + k.name;
        c.indexes[k.index] = idx;
        if (idx.primary)
          for (auto& col : k.columns)
            if (auto* cc = t.column(col))
              cc->not_null = true;
      }
      return;
    }
    CatalogIndex idx;
    idx.name = k.name;
    idx.table = t.schema + "." + t.name;
    idx.keys = k.columns;
    idx.unique = k.kind != ConstraintKind::Exclusion;
    idx.primary = k.kind == ConstraintKind::PrimaryKey;
    idx.constraint = k.name;
    if (k.kind == ConstraintKind::Exclusion) {
      idx.method =
          body.str("access_method").empty() ? "gist" : std::string(body.str("access_method"));
      idx.keys.clear();
      for (const Node& pair : body.list("exclusions")) {
        auto items = pair.as("List").list("items");
        if (!items.empty())
          if (Node e = items[0].as("IndexElem"))
            idx.keys.push_back(e.has("name") ? std::string(e.str("name"))
                                             : expression_text(e["expr"], src));
      }
      k.columns = idx.keys;
    }
    if (Node w = body["where_clause"])
      idx.predicate = expression_text(w, src);
    k.index = t.schema + "." + k.name;
    c.indexes[k.index] = idx;
  }

  // Adds a table constraint. `column` names the column for a column-level constraint.
  void add_constraint(CatalogTable& t, const Node& body, const std::string& column,
                      std::vector<std::string>& pending_names) {
    std::string_view type = body.str("contype");
    CatalogConstraint k;
    k.origin = where;
    k.name = std::string(body.str("conname"));
    k.validated = !body.boolean("skip_validation");
    if (type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE") {
      k.kind = type == "CONSTR_PRIMARY" ? ConstraintKind::PrimaryKey : ConstraintKind::Unique;
      k.columns = column.empty() ? string_list(body, "keys") : std::vector<std::string>{column};
      if (k.columns.empty() && !body.str("indexname").empty()) {
        if (const CatalogIndex* idx =
                c.indexes.get(t.schema + "." + std::string(body.str("indexname"))))
          k.columns = idx->keys;
      }
      if (k.name.empty()) {
        if (k.kind == ConstraintKind::PrimaryKey)
          k.name = choose_relation_name(c, t.schema, t.name, "", "pkey", true);
        else
          k.name =
              choose_relation_name(c, t.schema, t.name, join_name_parts(k.columns), "key", true);
      }
      if (k.kind == ConstraintKind::PrimaryKey)
        for (auto& col : k.columns)
          if (auto* cc = t.column(col))
            cc->not_null = true;
      t.constraints.push_back(k);
      add_index_for_constraint(t, t.constraints.back(), body);
      return;
    }
    if (type == "CONSTR_EXCLUSION") {
      k.kind = ConstraintKind::Exclusion;
      std::vector<std::string> cols;
      for (const Node& pair : body.list("exclusions")) {
        auto items = pair.as("List").list("items");
        if (!items.empty())
          if (Node e = items[0].as("IndexElem"))
            cols.push_back(e.has("name") ? std::string(e.str("name")) : "expr");
      }
      if (k.name.empty())
        k.name = choose_relation_name(c, t.schema, t.name, join_name_parts(cols), "excl", true);
      t.constraints.push_back(k);
      add_index_for_constraint(t, t.constraints.back(), body);
      return;
    }
    if (type == "CONSTR_CHECK") {
      k.kind = ConstraintKind::Check;
      Node e = body["raw_expr"];
      k.columns = expression_columns(e);
      k.definition = expression_text(e, src);
      if (k.name.empty()) {
        std::string col = k.columns.size() == 1 ? k.columns[0] : std::string{};
        k.name = choose_constraint_name(c, t.schema, t.name, col, "check", pending_names);
      }
      pending_names.push_back(k.name);
      t.constraints.push_back(k);
      return;
    }
    if (type == "CONSTR_FOREIGN") {
      k.kind = ConstraintKind::ForeignKey;
      k.columns = column.empty() ? string_list(body, "fk_attrs") : std::vector<std::string>{column};
      k.fk_table = key_of(body["pktable"]);
      k.fk_columns = string_list(body, "pk_attrs");
      if (k.fk_columns.empty())
        if (const auto* target = c.table(k.fk_table))
          for (const auto& tk : target->constraints)
            if (tk.kind == ConstraintKind::PrimaryKey)
              k.fk_columns = tk.columns;
      std::string_view del = body.str("fk_del_action"), upd = body.str("fk_upd_action");
      k.on_delete = del.empty() ? 'a' : del[0];
      k.on_update = upd.empty() ? 'a' : upd[0];
      if (k.name.empty())
        k.name = choose_constraint_name(c, t.schema, t.name, join_name_parts(k.columns), "fkey",
                                        pending_names);
      pending_names.push_back(k.name);
      t.constraints.push_back(k);
      return;
    }
    if (type == "CONSTR_NOTNULL") { // ALTER TABLE ADD CONSTRAINT ... NOT NULL is not in PG15
      if (auto* cc = t.column(column))
        cc->not_null = true;
    }
  }

  // Constraint nodes in the order PostgreSQL names their objects: CHECKs while the table is
  // made, then the indexes of PRIMARY KEY/UNIQUE/EXCLUDE, then foreign keys.
  void add_constraints(CatalogTable& t, const std::vector<std::pair<Node, std::string>>& list) {
    std::vector<std::string> pending;
    for (int phase = 0; phase < 3; ++phase)
      for (const auto& [body, column] : list) {
        std::string_view type = body.str("contype");
        int p = type == "CONSTR_CHECK" ? 0 : type == "CONSTR_FOREIGN" ? 2 : 1;
        if (p == phase)
          add_constraint(t, body, column, pending);
      }
  }

  void create_table(const Node& b) {
    Node rv = b["relation"];
    auto [schema, name] = range_var_parts(rv);
    std::string key = c.creation_schema(schema) + "." + name;
    if (c.relation_exists(key)) {
      if (b.boolean("if_not_exists"))
        return;
      c.tables.erase(key); // a failed statement in reality; keep the latest definition
    }
    CatalogTable t;
    std::tie(t.schema, t.name) = split_key(key);
    t.partitioned = b.has("partspec");
    std::vector<std::pair<Node, std::string>> constraints;
    std::vector<std::pair<std::string, std::string>> serials; // column, type
    if (b.has("partbound")) {
      auto parents = b.list("inhRelations");
      if (!parents.empty()) {
        t.partition_of = key_of(parents[0].body());
        if (const auto* parent = c.table(t.partition_of)) {
          t.columns = parent->columns;
          for (const auto& k : parent->constraints)
            if (k.kind == ConstraintKind::Check)
              t.constraints.push_back(k);
        }
      }
    }
    for (const Node& elt : b.list("tableElts")) {
      if (Node def = elt.as("ColumnDef")) {
        bool serial = false;
        std::string serial_type;
        CatalogColumn col = column_from(def, constraints, serial, serial_type);
        if (auto* existing = t.column(col.name)) { // a partition's column options
          existing->not_null = existing->not_null || col.not_null;
          if (col.default_expr)
            existing->default_expr = col.default_expr;
          continue;
        }
        if (serial)
          serials.emplace_back(col.name, serial_type);
        t.columns.push_back(std::move(col));
      } else if (Node k = elt.as("Constraint")) {
        constraints.emplace_back(k, std::string{});
      }
    }
    // Sequences of serial and identity columns are named before the table exists.
    for (auto& col : t.columns) {
      auto s = std::find_if(serials.begin(), serials.end(),
                            [&](const auto& p) { return p.first == col.name; });
      if (s != serials.end()) {
        add_sequence_for(t, col, s->second);
        std::string seq_key;
        for (const auto& [k, v] : c.sequences)
          if (v.owned_by == key + "." + col.name)
            seq_key = k;
        col.default_expr = normalize_expression_sql("nextval('" + seq_key + "')");
      } else if (col.identity) {
        add_sequence_for(t, col, col.type);
      }
    }
    c.tables[key] = std::move(t);
    add_constraints(c.tables[key], constraints);
  }

  // ---- ALTER TABLE --------------------------------------------------------------------------

  void drop_index(const std::string& key) {
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

  void drop_constraint(CatalogTable& t, const std::string& name) {
    auto* k = t.constraint(name);
    if (!k)
      return;
    std::string index = k->index;
    std::erase_if(t.constraints, [&](const auto& x) { return x.name == name; });
    if (!index.empty())
      c.indexes.erase(index);
  }

  void drop_column(CatalogTable& t, const std::string& column) {
    std::string key = t.schema + "." + t.name;
    std::erase_if(t.columns, [&](const auto& col) { return col.name == column; });
    std::vector<std::string> gone_indexes;
    for (const auto& [ik, idx] : c.indexes) {
      if (idx.table != key)
        continue;
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
    std::erase_if(c.sequences,
                  [&](const auto& s) { return s.second.owned_by == key + "." + column; });
  }

  void alter_table(const Node& b) {
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
        t.columns.push_back(col);
        CatalogColumn& added = t.columns.back();
        if (serial) {
          add_sequence_for(t, added, serial_type);
          for (const auto& [sk, sv] : c.sequences)
            if (sv.owned_by == key + "." + added.name)
              added.default_expr = normalize_expression_sql("nextval('" + sk + "')");
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
          std::erase_if(c.sequences,
                        [&](const auto& s) { return s.second.owned_by == key + "." + col_name; });
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

  // ---- CREATE INDEX ---------------------------------------------------------------------------

  void create_index(const Node& b) {
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
           std::find(column_names.begin(), column_names.end(), candidate) != column_names.end();
           ++i)
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

  // ---- DROP -----------------------------------------------------------------------------------

  void drop_table(const std::string& key) {
    std::vector<std::string> gone;
    for (const auto& [ik, idx] : c.indexes)
      if (idx.table == key)
        gone.push_back(ik);
    for (const auto& ik : gone)
      c.indexes.erase(ik);
    std::erase_if(c.sequences,
                  [&](const auto& s) { return s.second.owned_by.rfind(key + ".", 0) == 0; });
    c.tables.erase(key);
    auto references_table = [&](const CatalogConstraint& k) {
      return k.kind == ConstraintKind::ForeignKey && k.fk_table == key;
    };
    edit_tables_where(
        [&](const CatalogTable& o) {
          return std::any_of(o.constraints.begin(), o.constraints.end(), references_table);
        },
        [&](CatalogTable& o) { std::erase_if(o.constraints, references_table); });
    std::vector<std::string> partitions;
    for (const auto& [tk, other] : c.tables)
      if (other.partition_of == key)
        partitions.push_back(tk);
    for (const auto& p : partitions)
      drop_table(p);
  }

  void drop(const Node& b) {
    std::string_view type = b.str("removeType");
    for (const Node& obj : b.list("objects")) {
      if (type == "OBJECT_SCHEMA") {
        std::string s(obj.sval());
        c.schemas.erase(s);
        std::vector<std::string> tables;
        for (const auto& [k, t] : c.tables)
          if (t.schema == s)
            tables.push_back(k);
        for (const auto& k : tables)
          drop_table(k);
        auto in_schema = [&](const auto& e) { return e.first.rfind(s + ".", 0) == 0; };
        c.indexes.erase_if(
            [&](const std::string& k, const auto&) { return k.rfind(s + ".", 0) == 0; });
        std::erase_if(c.sequences, in_schema);
        std::erase_if(c.views, in_schema);
        std::erase_if(c.enums, in_schema);
        std::erase_if(c.domains, in_schema);
        continue;
      }
      if (type == "OBJECT_EXTENSION") {
        c.extensions.erase(std::string(obj.sval()));
        continue;
      }
      if (type == "OBJECT_TYPE" || type == "OBJECT_DOMAIN") {
        auto [s, n] = name_parts(obj.as("TypeName").names("names"));
        std::string key = c.resolve_type(s, n);
        c.enums.erase(key);
        c.domains.erase(key);
        continue;
      }
      if (type == "OBJECT_FUNCTION" || type == "OBJECT_PROCEDURE") {
        auto [s, n] = name_parts(obj.as("ObjectWithArgs").names("objname"));
        c.functions.erase(c.creation_schema(s) + "." + n);
        continue;
      }
      auto names = obj.as("List").names("items");
      if (type == "OBJECT_TRIGGER" || type == "OBJECT_POLICY") {
        if (names.empty())
          continue;
        std::string member(names.back());
        names.pop_back();
        auto [s, n] = name_parts(names);
        if (auto* t = c.table(c.resolve_relation(s, n)))
          (type == "OBJECT_TRIGGER" ? t->triggers : t->policies).erase(member);
        continue;
      }
      auto [s, n] = name_parts(names);
      std::string key = c.resolve_relation(s, n);
      if (key.empty())
        continue;
      if (type == "OBJECT_TABLE" || type == "OBJECT_FOREIGN_TABLE")
        drop_table(key);
      else if (type == "OBJECT_INDEX")
        drop_index(key);
      else if (type == "OBJECT_SEQUENCE") {
        c.sequences.erase(key);
        // A column default that used it goes with CASCADE; without, the drop fails.
      } else if (type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW") {
        c.views.erase(key);
        std::vector<std::string> gone;
        for (const auto& [ik, idx] : c.indexes)
          if (idx.table == key)
            gone.push_back(ik);
        for (const auto& ik : gone)
          c.indexes.erase(ik);
      }
    }
  }

  // ---- RENAME ---------------------------------------------------------------------------------

  void rename_relation(const std::string& old_key, const std::string& new_name) {
    auto [schema, old_name] = split_key(old_key);
    std::string new_key = schema + "." + new_name;
    if (const CatalogTable* found = c.tables.get(old_key)) {
      CatalogTable t = *found;
      c.tables.erase(old_key);
      t.name = new_name;
      c.tables[new_key] = std::move(t);
      for (const auto& ik : indexes_of(old_key))
        c.indexes.edit(ik).table = new_key;
      edit_tables_where(
          [&](const CatalogTable& o) {
            return o.partition_of == old_key ||
                   std::any_of(o.constraints.begin(), o.constraints.end(),
                               [&](const auto& k) { return k.fk_table == old_key; });
          },
          [&](CatalogTable& o) {
            for (auto& k : o.constraints)
              if (k.fk_table == old_key)
                k.fk_table = new_key;
            if (o.partition_of == old_key)
              o.partition_of = new_key;
          });
      for (auto& [sk, s] : c.sequences)
        if (s.owned_by.rfind(old_key + ".", 0) == 0)
          s.owned_by = new_key + s.owned_by.substr(old_key.size());
      return;
    }
    if (const CatalogIndex* found = c.indexes.get(old_key)) {
      CatalogIndex idx = *found;
      c.indexes.erase(old_key);
      idx.name = new_name;
      if (!idx.constraint.empty())
        if (auto* t = c.table(idx.table))
          if (auto* k = t->constraint(idx.constraint)) {
            k->name = new_name;
            k->index = new_key;
            idx.constraint = new_name;
          }
      c.indexes[new_key] = std::move(idx);
      return;
    }
    if (auto it = c.sequences.find(old_key); it != c.sequences.end()) {
      CatalogSequence s = it->second;
      c.sequences.erase(it);
      c.sequences[new_key] = s;
      return;
    }
    if (auto it = c.views.find(old_key); it != c.views.end()) {
      CatalogView v = it->second;
      c.views.erase(it);
      c.views[new_key] = v;
    }
  }

  void rename(const Node& b) {
    std::string_view type = b.str("renameType");
    std::string new_name(b.str("newname"));
    std::string sub(b.str("subname"));
    if (type == "OBJECT_SCHEMA") {
      return; // rare in migrations; objects would move (not modelled)
    }
    if (type == "OBJECT_TYPE" || type == "OBJECT_DOMAIN") {
      auto [s, n] = name_parts(b["object"].as("List").names("items"));
      std::string key = c.resolve_type(s, n);
      if (key.empty())
        return;
      std::string new_key = split_key(key).first + "." + new_name;
      if (auto it = c.enums.find(key); it != c.enums.end()) {
        auto labels = it->second;
        c.enums.erase(it);
        c.enums[new_key] = labels;
      }
      if (auto it = c.domains.find(key); it != c.domains.end()) {
        auto d = it->second;
        c.domains.erase(it);
        c.domains[new_key] = d;
      }
      auto uses = [&](const CatalogColumn& col) {
        return col.type == key || col.type == key + "[]";
      };
      edit_tables_where(
          [&](const CatalogTable& t) {
            return std::any_of(t.columns.begin(), t.columns.end(), uses);
          },
          [&](CatalogTable& t) {
            for (auto& col : t.columns) {
              if (col.type == key)
                col.type = new_key;
              else if (col.type == key + "[]")
                col.type = new_key + "[]";
            }
          });
      return;
    }
    Node rv = b["relation"];
    if (!rv)
      return;
    auto [s, n] = range_var_parts(rv);
    std::string key = c.resolve_relation(s, n);
    if (key.empty())
      return;
    if (type == "OBJECT_TABLE" || type == "OBJECT_INDEX" || type == "OBJECT_SEQUENCE" ||
        type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW" || type == "OBJECT_FOREIGN_TABLE") {
      rename_relation(key, new_name);
      return;
    }
    CatalogTable* t = c.table(key);
    if (!t)
      return;
    if (type == "OBJECT_COLUMN") {
      if (auto* col = t->column(sub))
        col->name = new_name;
      auto swap_name = [&](std::vector<std::string>& v) {
        for (auto& x : v)
          if (x == sub)
            x = new_name;
      };
      for (auto& k : t->constraints) {
        swap_name(k.columns);
        k.definition = rename_in_expression(k.definition, sub, new_name);
      }
      for (auto& col : t->columns)
        if (col.generated)
          col.generation_expr = rename_in_expression(col.generation_expr, sub, new_name);
      for (const auto& ik : indexes_of(key)) {
        CatalogIndex& idx = c.indexes.edit(ik);
        swap_name(idx.keys);
        for (auto& k : idx.keys)
          if (is_expression_key(k))
            k = rename_in_expression(k, sub, new_name);
        idx.predicate = rename_in_expression(idx.predicate, sub, new_name);
      }
      edit_tables_where(
          [&](const CatalogTable& o) {
            return std::any_of(o.constraints.begin(), o.constraints.end(),
                               [&](const auto& k) { return k.fk_table == key; });
          },
          [&](CatalogTable& o) {
            for (auto& k : o.constraints)
              if (k.fk_table == key)
                swap_name(k.fk_columns);
          });
      for (auto& [sk, seq] : c.sequences)
        if (seq.owned_by == key + "." + sub)
          seq.owned_by = key + "." + new_name;
    } else if (type == "OBJECT_TABCONSTRAINT") {
      if (auto* k = t->constraint(sub)) {
        k->name = new_name;
        if (!k->index.empty()) {
          std::string new_index = t->schema + "." + new_name;
          if (const CatalogIndex* found = c.indexes.get(k->index)) {
            CatalogIndex idx = *found;
            c.indexes.erase(k->index);
            idx.name = new_name;
            idx.constraint = new_name;
            c.indexes[new_index] = std::move(idx);
          }
          k->index = new_index;
        }
      }
    } else if (type == "OBJECT_TRIGGER") {
      if (t->triggers.erase(sub))
        t->triggers.insert(new_name);
    } else if (type == "OBJECT_POLICY") {
      if (t->policies.erase(sub))
        t->policies.insert(new_name);
    }
  }

  // ---- types, sequences, views, the rest ------------------------------------------------------

  void create_enum(const Node& b) {
    auto [s, n] = name_parts(b.names("typeName"));
    std::vector<std::string> labels;
    for (auto v : b.names("vals"))
      labels.emplace_back(v);
    c.enums[c.creation_schema(s) + "." + n] = labels;
  }

  void alter_enum(const Node& b) {
    auto [s, n] = name_parts(b.names("typeName"));
    auto it = c.enums.find(c.resolve_type(s, n));
    if (it == c.enums.end())
      return;
    auto& labels = it->second;
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

  void create_domain(const Node& b) {
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

  void sequence_options(const std::string& key, const Node& b) {
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

  void collect_relations(simdjson::dom::element e, std::set<std::string>& out) {
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

  void create_view(const Node& rv, const Node& query, bool materialized) {
    auto [s, n] = range_var_parts(rv);
    std::string key = c.creation_schema(s) + "." + n;
    CatalogView v;
    v.materialized = materialized;
    collect_relations(query.raw(), v.depends_on);
    c.views[key] = v;
  }

  bool only_known_calls(const Node& b) {
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

  static bool has_function_call(simdjson::dom::element e) {
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

  void run(const Node& root) {
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
};

} // namespace

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
  Applier{catalog, source, where}.run(root);
}

} // namespace pgdrydock
