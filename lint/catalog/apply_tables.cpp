// CREATE TABLE for the Applier: columns, serial/identity sequences, and the table
// constraints with the indexes that back them.
#include <algorithm>

#include "lint/catalog/applier.h"
#include "lint/catalog/expression.h"
#include "lint/catalog/names.h"

namespace pgdrydock::catalog_apply {

// ---- columns and constraints ----------------------------------------------------------------

std::string Applier::add_sequence_for(CatalogTable& t, CatalogColumn& col, const std::string& type,
                                      std::string seq_name) {
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
  return key;
}

// Column definition -> column; constraints other than NOT NULL/DEFAULT/identity/generated are
// returned as table-level Constraint nodes with the column filled in.
CatalogColumn Applier::column_from(const Node& def,
                                   std::vector<std::pair<Node, std::string>>& deferred,
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

std::vector<std::string> Applier::string_list(const Node& body, std::string_view key) {
  std::vector<std::string> out;
  for (auto s : body.names(key))
    out.emplace_back(s);
  return out;
}

void Applier::add_index_for_constraint(CatalogTable& t, CatalogConstraint& k, const Node& body) {
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
void Applier::add_constraint(CatalogTable& t, const Node& body, const std::string& column,
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
        k.name = choose_relation_name(c, t.schema, t.name, join_name_parts(k.columns), "key", true);
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
void Applier::add_constraints(CatalogTable& t,
                              const std::vector<std::pair<Node, std::string>>& list) {
  std::vector<std::string> pending;
  for (int phase = 0; phase < 3; ++phase)
    for (const auto& [body, column] : list) {
      std::string_view type = body.str("contype");
      int p = type == "CONSTR_CHECK" ? 0 : type == "CONSTR_FOREIGN" ? 2 : 1;
      if (p == phase)
        add_constraint(t, body, column, pending);
    }
}

void Applier::create_table(const Node& b) {
  Node rv = b["relation"];
  auto [schema, name] = range_var_parts(rv);
  std::string key = c.creation_schema(schema) + "." + name;
  if (c.relation_exists(key)) {
    if (b.boolean("if_not_exists"))
      return;
    c.tables.erase(key); // a failed statement in reality; keep the latest definition
  }
  CatalogTable t;
  ChangingTable changing(c, key, t);
  std::tie(t.schema, t.name) = split_key(key);
  t.partitioned = b.has("partspec");
  std::vector<std::pair<Node, std::string>> constraints;
  std::vector<std::pair<std::string, std::string>> serials; // column, type
  if (b.has("partbound")) {
    auto parents = b.list("inhRelations");
    if (!parents.empty()) {
      t.partition_of = key_of(parents[0].body());
      if (const auto* parent = c.table(t.partition_of)) {
        t.set_columns(parent->columns);
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
      t.add_column(std::move(col));
    } else if (Node k = elt.as("Constraint")) {
      constraints.emplace_back(k, std::string{});
    }
  }
  // Sequences of serial and identity columns are named before the table exists.
  for (auto& col : t.columns) {
    auto s = std::find_if(serials.begin(), serials.end(),
                          [&](const auto& p) { return p.first == col.name; });
    if (s != serials.end()) {
      std::string seq_key = add_sequence_for(t, col, s->second);
      col.default_expr = normalize_expression_sql("nextval('" + seq_key + "')");
    } else if (col.identity) {
      add_sequence_for(t, col, col.type);
    }
  }
  CatalogTable& placed = c.tables[key] = std::move(t);
  changing.now(placed);
  add_constraints(placed, constraints);
}

} // namespace pgdrydock::catalog_apply
