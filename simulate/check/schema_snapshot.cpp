#include "simulate/check/schema_snapshot.h"

#include <algorithm>
#include <initializer_list>

#include <fmt/format.h>

#include "simulate/check/difference_text.h"
#include "simulate/sandbox/pg_session.h"

namespace pgdrydock {

namespace {

// Objects belonging to a table read as "still exists"; free-standing ones as "left behind".
bool is_part_of_table(const std::string& kind) {
  return kind == "column" || kind == "constraint" || kind == "index" || kind == "trigger" ||
         kind == "policy" || kind == "comment";
}

std::string relation_kind(char relkind) {
  switch (relkind) {
  case 'v':
    return "view";
  case 'm':
    return "materialized view";
  case 'S':
    return "sequence";
  case 'f':
    return "foreign table";
  default:
    return "table";
  }
}

// Words joined by single spaces, empty ones left out.
std::string joined(std::initializer_list<std::string> words) {
  std::string out;
  for (const auto& word : words)
    if (!word.empty())
      out.append(out.empty() ? "" : " ").append(word);
  return out;
}

std::string relation_definition(const LiveRelation& r) {
  return joined({std::string("kind=") + r.kind, std::string("persistence=") + r.persistence,
                 r.row_security ? "row-level-security" : "",
                 r.force_row_security ? "force-row-level-security" : "", r.view_definition,
                 r.sequence_definition});
}

std::string column_definition(const LiveColumn& c) {
  return joined({c.type_display, c.declared_not_null ? "not null" : "",
                 c.default_expr ? "default " + *c.default_expr : "",
                 c.identity == 'a'   ? "identity always"
                 : c.identity == 'd' ? "identity by default"
                                     : "",
                 c.generated ? "generated stored" : "",
                 c.collation.empty() ? "" : "collate " + c.collation});
}

} // namespace

SchemaSnapshot schema_objects(LiveSchema schema) {
  SchemaSnapshot snapshot;
  const auto add = [&snapshot](std::string kind, std::string name, std::string definition) {
    std::string key = kind + " " + name;
    snapshot.insert_or_assign(
        std::move(key), SchemaObject{std::move(kind), std::move(name), std::move(definition)});
  };
  for (const auto& r : schema.relations) {
    add(relation_kind(r.kind), r.qualified_name(), relation_definition(r));
    for (const auto& c : r.columns)
      add("column", r.qualified_name() + "." + c.name, column_definition(c));
  }
  for (auto& k : schema.constraints)
    add("constraint", k.schema + "." + (k.table.empty() ? "" : k.table + ".") + k.name,
        std::move(k.definition) + (k.validated ? "" : " (NOT VALID)"));
  for (auto& x : schema.indexes)
    add("index", x.schema + "." + x.name, std::move(x.definition) + (x.valid ? "" : " (INVALID)"));
  for (auto& o : schema.other_objects)
    add(std::move(o.kind), std::move(o.name), std::move(o.definition));
  return snapshot;
}

SchemaSnapshot take_schema_snapshot(PgSession& session) {
  SnapshotRequest request;
  request.definitions = true;
  return schema_objects(read_live_schema(session, request));
}

std::vector<CatalogDifference> diff_snapshots(const SchemaSnapshot& before,
                                              const SchemaSnapshot& after) {
  using Change = CatalogDifference::Change;
  std::vector<CatalogDifference> out;
  const auto record = [&out](const SchemaObject& o, Change change, std::string was,
                             std::string now) {
    out.push_back({o.kind, o.name, change, std::move(was), std::move(now),
                   change == Change::Changed ? "definition" : ""});
  };
  // After first: what the downgrade left or changed reads first, then what it did not restore.
  diff_keyed(
      after, before,
      [&](const std::string&, const SchemaObject& now) {
        record(now, Change::Added, {}, now.definition);
      },
      [&](const std::string&, const SchemaObject& now, const SchemaObject& was) {
        if (was.definition != now.definition)
          record(now, Change::Changed, was.definition, now.definition);
      },
      [&](const std::string&, const SchemaObject& was) {
        record(was, Change::Removed, was.definition, {});
      });
  return out;
}

std::string describe_after_downgrade(const CatalogDifference& d) {
  switch (d.change) {
  case CatalogDifference::Change::Added:
    return fmt::format("{} {} {} after downgrade", d.kind, d.name,
                       is_part_of_table(d.kind) ? "still exists" : "left behind");
  case CatalogDifference::Change::Changed: {
    const auto [was, now] = differing_parts(d.was, d.now);
    return fmt::format("{} {} changed after downgrade: was \"{}\", now \"{}\"", d.kind, d.name, was,
                       now);
  }
  case CatalogDifference::Change::Removed:
    return fmt::format("{} {} missing after downgrade (dropped by up or down, not restored)",
                       d.kind, d.name);
  }
  return {};
}

std::vector<std::string> describe_schema_diff(const SchemaSnapshot& before,
                                              const SchemaSnapshot& after) {
  std::vector<std::string> out;
  for (const auto& d : diff_snapshots(before, after))
    out.push_back(describe_after_downgrade(d));
  return out;
}

std::vector<std::string> leftovers(const LiveSchema& schema) {
  std::vector<std::string> out;
  for (const auto& x : schema.indexes)
    if (!x.valid)
      out.push_back(fmt::format("index {}.{} (INVALID)", x.schema, x.name));
  for (const auto& k : schema.constraints)
    if (!k.validated && !k.table.empty())
      out.push_back(fmt::format("constraint {}.{}.{} (NOT VALID)", k.schema, k.table, k.name));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> find_leftovers(PgSession& session) {
  return leftovers(read_live_schema(session, {}));
}

} // namespace pgdrydock
