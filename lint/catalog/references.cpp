#include "lint/catalog/references.h"

#include <algorithm>

#include "lint/catalog/apply.h"
#include "lint/catalog/names.h"
#include "lint/support/quote_identifier.h"

namespace pgdrydock {
namespace {

std::string qualified(const std::string& schema, const std::string& name) {
  return schema.empty() || schema == "public" ? name : schema + "." + name;
}

// TRIGGER_TYPE_INSTEAD in PostgreSQL's pg_trigger.h: the bit CreateTrigStmt.timing sets for
// INSTEAD OF (BEFORE is 2, AFTER is 0).
constexpr long long kTriggerInstead = 1 << 6;
// What a trigger may be created on (or dropped from) when its timing does not narrow it.
const std::vector<CatalogRelationKind> kTriggerTargets = {
    CatalogRelationKind::Table, CatalogRelationKind::PartitionedTable, CatalogRelationKind::View};

struct Checker {
  const Catalog& c;
  std::vector<UnknownObject> out;

  void report(std::string kind, std::string name, std::string message) {
    out.push_back({std::move(kind), std::move(name), std::move(message)});
  }

  std::string suggestion(const std::string& name, const std::vector<std::string>& candidates) {
    std::string close = closest_name(name, candidates);
    return close.empty() ? std::string(".") : "; did you mean \"" + close + "\"?";
  }

  // Looks the relation up; reports it missing or of the wrong kind. Returns the key or "".
  std::string relation(const std::string& schema, const std::string& name,
                       const std::vector<CatalogRelationKind>& wanted, const char* wanted_word) {
    std::string key = c.resolve_relation(schema, name);
    std::string shown = qualified(schema, name);
    if (key.empty()) {
      if (c.maybe_made_by_opaque(name))
        return {};
      std::string where = c.creation_schema(schema);
      std::vector<std::string> candidates;
      for (const auto& n : c.relation_names(where)) {
        std::string k = where + "." + n;
        if (std::find(wanted.begin(), wanted.end(), c.relation_kind(k)) != wanted.end())
          candidates.push_back(n);
      }
      report(wanted_word, shown,
             std::string(wanted_word) + " \"" + shown + "\" does not exist at this point" +
                 suggestion(name, candidates));
      return {};
    }
    CatalogRelationKind kind = c.relation_kind(key);
    if (std::find(wanted.begin(), wanted.end(), kind) == wanted.end()) {
      report(wanted_word, shown,
             "\"" + shown + "\" is " + (kind == CatalogRelationKind::Index ? "an " : "a ") +
                 to_string(kind) + ", not a " + wanted_word);
      return {};
    }
    return key;
  }

  std::string table(const Node& rv) {
    auto [s, n] = range_var_parts(rv);
    return relation(s, n, {CatalogRelationKind::Table, CatalogRelationKind::PartitionedTable},
                    "table");
  }

  // A table whose contents the model knows (not guessed).
  const CatalogTable* known_table(const std::string& key) {
    const CatalogTable* t = c.table(key);
    return t && !t->uncertain ? t : nullptr;
  }

  void column(const CatalogTable& t, const std::string& name,
              const std::vector<std::string>& added) {
    if (t.column(name) || std::find(added.begin(), added.end(), name) != added.end())
      return;
    if (c.maybe_made_by_opaque(name))
      return;
    std::vector<std::string> names;
    for (const auto& col : t.columns)
      names.push_back(col.name);
    std::string shown = qualified(t.schema, t.name) + "." + name;
    report("column", shown,
           "column \"" + name + "\" of table \"" + qualified(t.schema, t.name) +
               "\" does not exist at this point" + suggestion(name, names));
  }

  void constraint(const CatalogTable& t, const std::string& name,
                  const std::vector<std::string>& added) {
    if (t.constraint(name) || std::find(added.begin(), added.end(), name) != added.end())
      return;
    std::string table = qualified(t.schema, t.name);
    std::string index_key = t.schema + "." + name;
    if (const CatalogIndex* idx = c.indexes.get(index_key)) {
      report("constraint", table + "." + name,
             "\"" + name + "\" is an index" +
                 (idx->table == t.schema + "." + t.name ? " of table \"" + table + "\""
                                                        : std::string()) +
                 ", not a constraint: drop it with DROP INDEX " + quote_identifier(name));
      return;
    }
    if (c.maybe_made_by_opaque(name))
      return;
    std::vector<std::string> names;
    for (const auto& k : t.constraints)
      names.push_back(k.name);
    report("constraint", table + "." + name,
           "constraint \"" + name + "\" of table \"" + table + "\" does not exist at this point" +
               suggestion(name, names));
  }

  void constraint_columns(const CatalogTable& t, const Node& k,
                          const std::vector<std::string>& added) {
    for (auto key : k.names("keys"))
      column(t, std::string(key), added);
    for (auto key : k.names("fk_attrs"))
      column(t, std::string(key), added);
    if (Node pk = k["pktable"]) {
      auto [s, n] = range_var_parts(pk);
      if (!(s.empty() || s == t.schema) || n != t.name) {
        std::string target = table(pk);
        if (const CatalogTable* tt = known_table(target))
          for (auto col : k.names("pk_attrs"))
            column(*tt, std::string(col), {});
      }
    }
  }

  void alter_table(const Node& b) {
    std::string_view objtype = b.str("objtype");
    if (!objtype.empty() && objtype != "OBJECT_TABLE")
      return;
    if (b.boolean("missing_ok"))
      return;
    std::string key = table(b["relation"]);
    const CatalogTable* t = known_table(key);
    if (!t)
      return;
    std::vector<std::string> added_columns, added_constraints;
    for (const Node& item : b.list("cmds")) {
      Node cmd = item.as("AlterTableCmd");
      std::string_view sub = cmd.str("subtype");
      std::string name(cmd.str("name"));
      bool missing_ok = cmd.boolean("missing_ok");
      if (sub == "AT_AddColumn") {
        Node def = cmd["def"].as("ColumnDef");
        added_columns.emplace_back(def.str("colname"));
        for (const Node& k : def.list("constraints"))
          if (Node pk = k.as("Constraint")["pktable"])
            table(pk);
      } else if ((sub == "AT_DropColumn" && !missing_ok) || sub == "AT_AlterColumnType" ||
                 sub == "AT_ColumnDefault" || sub == "AT_SetNotNull" || sub == "AT_DropNotNull" ||
                 sub == "AT_AddIdentity" || sub == "AT_DropIdentity" || sub == "AT_SetIdentity") {
        column(*t, name, added_columns);
      } else if ((sub == "AT_DropConstraint" && !missing_ok) || sub == "AT_ValidateConstraint") {
        constraint(*t, name, added_constraints);
      } else if (sub == "AT_AddConstraint") {
        Node k = cmd["def"].as("Constraint");
        constraint_columns(*t, k, added_columns);
        if (!k.str("conname").empty())
          added_constraints.emplace_back(k.str("conname"));
      }
    }
  }

  void create_table(const Node& b) {
    std::vector<std::string> own;
    for (const Node& elt : b.list("tableElts"))
      if (Node def = elt.as("ColumnDef"))
        own.emplace_back(def.str("colname"));
    // A pair, not a structured binding: clang 14 (the fuzz build) cannot capture bindings.
    const std::pair<std::string, std::string> self = range_var_parts(b["relation"]);
    auto check_fk = [&](const Node& k) {
      Node pk = k["pktable"];
      if (!pk)
        return;
      if (range_var_parts(pk) == self)
        return; // self-reference
      std::string target = table(pk);
      if (const CatalogTable* tt = known_table(target))
        for (auto col : k.names("pk_attrs"))
          column(*tt, std::string(col), {});
    };
    for (const Node& elt : b.list("tableElts")) {
      if (Node def = elt.as("ColumnDef")) {
        for (const Node& k : def.list("constraints"))
          check_fk(k.as("Constraint"));
      } else if (Node k = elt.as("Constraint")) {
        check_fk(k);
      }
    }
    if (b.has("partbound"))
      for (const Node& parent : b.list("inhRelations"))
        table(parent.body());
  }

  void drop(const Node& b) {
    if (b.boolean("missing_ok"))
      return;
    std::string_view type = b.str("removeType");
    for (const Node& obj : b.list("objects")) {
      if (type == "OBJECT_TYPE" || type == "OBJECT_DOMAIN") {
        auto [s, n] = name_parts(obj.as("TypeName").names("names"));
        if (c.resolve_type(s, n).empty() && !c.maybe_made_by_opaque(n) && c.extensions.empty()) {
          std::vector<std::string> names;
          for (const auto& [k, v] : c.enums)
            names.push_back(split_key(k).second);
          for (const auto& [k, v] : c.domains)
            names.push_back(split_key(k).second);
          report("type", qualified(s, n),
                 "type \"" + qualified(s, n) + "\" does not exist at this point" +
                     suggestion(n, names));
        }
        continue;
      }
      auto names = obj.as("List").names("items");
      if (names.empty())
        continue;
      if (type == "OBJECT_TRIGGER" || type == "OBJECT_POLICY") {
        names.pop_back();
        auto [s, n] = name_parts(names);
        if (type == "OBJECT_TRIGGER")
          relation(s, n, kTriggerTargets, "table or view");
        else
          relation(s, n, {CatalogRelationKind::Table, CatalogRelationKind::PartitionedTable},
                   "table");
        continue;
      }
      auto [s, n] = name_parts(names);
      if (type == "OBJECT_TABLE") {
        relation(s, n, {CatalogRelationKind::Table, CatalogRelationKind::PartitionedTable},
                 "table");
      } else if (type == "OBJECT_INDEX") {
        std::string key = c.resolve_relation(s, n);
        if (key.empty() && c.constraint_name_used(c.creation_schema(s), n)) {
          // A named string, not `"\"" + qualified(...)`: a literal before a temporary trips a
          // false -Wrestrict in GCC 12 at -O3.
          const std::string shown = qualified(s, n);
          report("index", shown,
                 "\"" + shown +
                     "\" is a constraint, not an index: drop it with ALTER TABLE ... DROP "
                     "CONSTRAINT " +
                     quote_identifier(n));
          continue;
        }
        relation(s, n, {CatalogRelationKind::Index}, "index");
      } else if (type == "OBJECT_SEQUENCE") {
        relation(s, n, {CatalogRelationKind::Sequence}, "sequence");
      } else if (type == "OBJECT_VIEW") {
        relation(s, n, {CatalogRelationKind::View}, "view");
      } else if (type == "OBJECT_MATVIEW") {
        relation(s, n, {CatalogRelationKind::MaterializedView}, "materialized view");
      }
    }
  }

  void index(const Node& b) {
    // A materialized view stores rows, so PostgreSQL indexes it like a table (its columns are
    // not modelled: only a table's are checked below). A plain view stores nothing: no index.
    auto [s, n] = range_var_parts(b["relation"]);
    std::string key = relation(s, n,
                               {CatalogRelationKind::Table, CatalogRelationKind::PartitionedTable,
                                CatalogRelationKind::MaterializedView},
                               "table");
    const CatalogTable* t = known_table(key);
    if (!t)
      return;
    for (const Node& p : b.list("indexParams")) {
      Node e = p.as("IndexElem");
      if (e.has("name"))
        column(*t, std::string(e.str("name")), {});
    }
  }

  void rename(const Node& b) {
    std::string_view type = b.str("renameType");
    if (b.boolean("missing_ok"))
      return;
    Node rv = b["relation"];
    if (!rv)
      return;
    auto [s, n] = range_var_parts(rv);
    if (type == "OBJECT_INDEX") {
      relation(s, n, {CatalogRelationKind::Index}, "index");
      return;
    }
    if (type == "OBJECT_SEQUENCE") {
      relation(s, n, {CatalogRelationKind::Sequence}, "sequence");
      return;
    }
    if (type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW")
      return;
    std::string key = table(rv);
    const CatalogTable* t = known_table(key);
    if (!t)
      return;
    if (type == "OBJECT_COLUMN")
      column(*t, std::string(b.str("subname")), {});
    else if (type == "OBJECT_TABCONSTRAINT")
      constraint(*t, std::string(b.str("subname")), {});
  }

  // Views take INSTEAD OF triggers (row level) and statement-level BEFORE/AFTER triggers;
  // tables take BEFORE/AFTER triggers at either level and never INSTEAD OF.
  void trigger(const Node& b) {
    auto [s, n] = range_var_parts(b["relation"]);
    if (b.integer("timing", 0) & kTriggerInstead)
      relation(s, n, {CatalogRelationKind::View}, "view");
    else if (b.boolean("row"))
      relation(s, n, {CatalogRelationKind::Table, CatalogRelationKind::PartitionedTable}, "table");
    else
      relation(s, n, kTriggerTargets, "table or view");
  }

  void alter_enum(const Node& b) {
    auto [s, n] = name_parts(b.names("typeName"));
    if (!c.resolve_type(s, n).empty() || c.maybe_made_by_opaque(n) || !c.extensions.empty())
      return;
    std::vector<std::string> names;
    for (const auto& [k, v] : c.enums)
      names.push_back(split_key(k).second);
    report("type", qualified(s, n),
           "type \"" + qualified(s, n) + "\" does not exist at this point" + suggestion(n, names));
  }

  void run(const Node& root) {
    std::string_view kind = root.kind();
    Node b = root.body();
    if (kind == "AlterTableStmt")
      alter_table(b);
    else if (kind == "CreateStmt")
      create_table(b);
    else if (kind == "DropStmt")
      drop(b);
    else if (kind == "IndexStmt")
      index(b);
    else if (kind == "RenameStmt")
      rename(b);
    else if (kind == "AlterEnumStmt")
      alter_enum(b);
    else if (kind == "CreateTrigStmt")
      trigger(b);
    else if (kind == "CreatePolicyStmt")
      table(b["table"]);
  }
};

} // namespace

std::vector<UnknownObject> find_unknown_objects(const Catalog& catalog, const Node& root) {
  if (!catalog.trusted || !root)
    return {};
  Checker checker{catalog, {}};
  checker.run(root);
  return std::move(checker.out);
}

} // namespace pgdrydock
