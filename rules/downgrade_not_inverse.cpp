// downgrade-not-inverse: the down script does not bring the schema back to what the up started
// from. The migration is replayed on the in-memory catalog (lint/catalog/): before the up,
// after the up, after the down; what differs between before and after the down is listed
// ("index orders_created_at_idx created by the up is not dropped by the down"). Column order
// and spelling differences PostgreSQL normalises away are not differences. Migrations without a
// down are irreversible-migration's business; migrations whose up or down runs code the model
// cannot follow (DO blocks, functions) are skipped rather than guessed. The parts of a popx
// multi-part migration (lint/sources/popx_chain.h) are rolled back together, last part first,
// and their downs are often shifted by one part: the chain is judged once, at its first part,
// from the schema before it to the schema after every down of the chain.
#include "lint/catalog/catalog.h"
#include "lint/catalog/diff.h"
#include "lint/rule.h"

namespace pgdrydock {
namespace {

template <typename Map> bool has_key(const Map& m, const std::string& name) {
  for (const auto& [key, value] : m)
    if (display_key(key) == name)
      return true;
  return false;
}

// Whether the object a difference names exists in `c` (kind and display name as diff gives).
bool exists_in(const Catalog& c, const CatalogDifference& d) {
  auto member = [&](auto field) {
    auto dot = d.name.rfind('.');
    if (dot == std::string::npos)
      return false;
    std::string table = d.name.substr(0, dot), item = d.name.substr(dot + 1);
    for (const auto& [key, t] : c.tables)
      if (display_key(key) == table && field(t, item))
        return true;
    return false;
  };
  if (d.kind == "table")
    return has_key(c.tables, d.name);
  if (d.kind == "column")
    return member(
        [](const CatalogTable& t, const std::string& n) { return t.column(n) != nullptr; });
  if (d.kind == "policy")
    return member(
        [](const CatalogTable& t, const std::string& n) { return t.policies.count(n) > 0; });
  if (d.kind == "trigger")
    return member(
        [](const CatalogTable& t, const std::string& n) { return t.triggers.count(n) > 0; });
  if (d.kind == "constraint") {
    for (const auto& [key, t] : c.tables)
      if (t.constraint(d.name))
        return true;
    return false;
  }
  if (d.kind == "index")
    return has_key(c.indexes, d.name);
  if (d.kind == "sequence")
    return has_key(c.sequences, d.name);
  if (d.kind == "type")
    return has_key(c.enums, d.name);
  if (d.kind == "domain")
    return has_key(c.domains, d.name);
  if (d.kind == "view")
    return has_key(c.views, d.name);
  if (d.kind == "function") {
    for (const auto& f : c.functions)
      if (display_key(f) == d.name)
        return true;
    return false;
  }
  if (d.kind == "extension")
    return c.extensions.count(d.name) > 0;
  if (d.kind == "schema")
    return c.schemas.count(d.name) > 0;
  return false;
}

std::string sentence(const CatalogDifference& d, const Catalog& after_up) {
  std::string object = d.kind + " " + d.name;
  switch (d.change) {
  case CatalogDifference::Change::Added:
    return exists_in(after_up, d) ? object + " created by the up is not dropped by the down"
                                  : object + " is created by the down but did not exist before "
                                             "the up";
  case CatalogDifference::Change::Removed:
    return exists_in(after_up, d) ? object + " is dropped by the down but existed before the up"
                                  : object + " dropped by the up is not restored by the down";
  case CatalogDifference::Change::Changed:
    if (d.what == "type")
      return object + " restored as " + d.now + ", was " + d.was;
    return object + " " + d.what + " is " + d.now + " after the down, was " + d.was;
  }
  return object;
}

class DowngradeNotInverse : public Rule {
public:
  std::string_view id() const override { return "downgrade-not-inverse"; }
  Severity default_severity() const override { return Severity::Warning; }
  std::string_view summary() const override {
    return "The down script does not restore the schema the up script started from";
  }
  std::vector<std::string_view> statement_kinds() const override { return {"(migration)"}; }

  void check_migration(const MigrationInput& in, FindingSink& out) const override {
    if (!in.catalog_before || !in.catalog_after_up || !in.catalog_after_down || !in.migration.down)
      return;
    if (in.chain_part > 0)
      return; // judged with the whole chain, at its first part
    const Catalog& before = *in.catalog_before;
    const Catalog& after_up = in.chain_after_ups ? *in.chain_after_ups : *in.catalog_after_up;
    const Catalog& after_down = *in.catalog_after_down;
    if (after_down.opaque_statements != before.opaque_statements)
      return; // a DO block or function may have done what the model cannot see
    // Tables the model only guessed (named, never created) are compared column by column.
    Catalog start = before;
    for (const auto& [key, t] : after_down.tables)
      if (t.uncertain && !start.tables.count(key)) {
        CatalogTable placeholder;
        placeholder.schema = t.schema;
        placeholder.name = t.name;
        placeholder.uncertain = true;
        start.tables[key] = placeholder;
      }
    std::vector<std::string> differences;
    for (const auto& d : diff_catalogs(start, after_down)) {
      // Without a complete history, what the down creates may be restoring something the
      // model never saw (a column of a table created before the history begins).
      if (!before.trusted && d.change == CatalogDifference::Change::Added &&
          !exists_in(after_up, d))
        continue;
      differences.push_back(sentence(d, after_up));
    }
    if (differences.empty())
      return;
    std::string message =
        in.chain_parts > 1 ? "rolled back as one popx chain of " + std::to_string(in.chain_parts) +
                                 " parts (this one first), the downs do not undo the ups: "
                           : "the down script does not undo the up script: ";
    for (std::size_t i = 0; i < differences.size(); ++i)
      message += (i ? "; " : "") + differences[i];
    const Script& down = *in.migration.down;
    out.add(Finding{std::string(id()), default_severity(), down.file->location(down.begin),
                    std::move(message),
                    "Make the down script the exact inverse of the up, in reverse order: drop "
                    "what the up created (DROP INDEX CONCURRENTLY IF EXISTS ..., ALTER TABLE ... "
                    "DROP COLUMN ...) and re-create what it dropped with the same name, type, "
                    "nullability, default and constraints."});
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(DowngradeNotInverse)
} // namespace pgdrydock
