// changing-column-type: ALTER COLUMN ... TYPE on a table that existed before the migration.
// Unless the old and new types are binary-coercible, PostgreSQL rewrites the table and rebuilds
// its indexes under ACCESS EXCLUSIVE. Without the catalog the old type is unknown: when some
// current type makes the change free (varchar(n) to a larger limit or text, numeric precision
// up at the same scale, ...: type_change_free_from in the effect model), the finding says
// "may rewrite", names those types and is a warning; otherwise it is an error. When the catalog
// replayed from the history knows the old type, the verdict is exact: a binary-coercible change
// is not reported. Every message also names the backward-compatibility side: the application
// version still running during the deploy reads and writes the column as its old type.
#include "lint/catalog/catalog.h"
#include "lint/effects/predict.h"
#include "lint/rule.h"
#include "rules/altered_table.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

// The column's type before the statement, when the catalog knows the table for certain.
std::optional<std::string> old_type_of(const Catalog* catalog, const Node& range_var,
                                       const std::string& column) {
  if (!catalog)
    return std::nullopt;
  const CatalogTable* t = catalog->table(
      catalog->resolve_relation(range_var.str("schemaname"), range_var.str("relname")));
  if (!t || t->uncertain)
    return std::nullopt;
  if (const CatalogColumn* c = t->column(column))
    return c->type;
  return std::nullopt;
}

class ChangingColumnType : public rules::AlterTableRule {
public:
  std::string_view id() const override { return "changing-column-type"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "ALTER COLUMN TYPE rewrites the table and its indexes unless the change is "
           "binary-coercible";
  }
  void check_table(const RuleInput& in, const rules::AlteredTable& altered,
                   FindingSink& out) const override {
    const std::string& relation = altered.relation;
    const std::string& table = altered.shown;
    for (const Node& cmd : rules::commands_of(altered, "AT_AlterColumnType")) {
      Node col = cmd["def"].as("ColumnDef");
      if (!col)
        continue;
      std::string column(cmd.str("name"));
      Node type_name = col["typeName"];
      std::string type = rules::type_name_sql(type_name);
      bool has_using = col.has("raw_default");
      // Without the current type the verdict is the model's: "may rewrite" when some current
      // type makes the change free (lint/effects/type_change.cpp), else a rewrite.
      const std::string free_from =
          has_using ? std::string() : type_change_free_from(canonical_type_name(type_name));
      const bool likely_free = !free_from.empty();
      std::optional<std::string> old_type =
          old_type_of(in.context.catalog, in.body["relation"], column);
      if (old_type && !has_using &&
          type_change_is_binary_coercible(
              *old_type, canonical_type_name(type_name),
              timestamp_conversion_is_free(in.context.pg_version, in.context.time_zone)))
        continue; // the catalog says the stored values stay as they are: no rewrite

      const std::string head =
          "changing the type of column \"" + column + "\" of table \"" + table + "\"";
      const std::string lock =
          rules::a_lock_phrase(in.effects, relation, LockMode::AccessExclusive);
      std::string message;
      if (old_type)
        message = head + " from " + *old_type + " to " + type +
                  " rewrites the table and rebuilds its indexes under " + lock +
                  (has_using ? " (a USING expression converts every row)" : "");
      else if (likely_free)
        message = head + " to " + type + " may rewrite the table and rebuild its indexes under " +
                  lock + ": it is free (catalog only) when the current type is " + free_from +
                  ", a rewrite otherwise; the current type is unknown here (lint the whole "
                  "history, or give --schema)";
      else
        message = head + " to " + type + " rewrites the table and rebuilds its indexes under " +
                  lock +
                  (has_using ? "; a USING expression converts every row"
                             : ": no current type makes this change binary-coercible");

      // The backward-compatibility side, rewrite or not: the version still running was
      // written for the old type.
      message += "; the application version still running reads and writes \"" + column + "\" as " +
                 (old_type ? *old_type : std::string("its old type")) +
                 " (its parsing, comparisons and ORM mapping), so change the code to accept "
                 "both types before the migration";

      Finding f = finding(
          in, std::move(message),
          "Expand and contract instead of converting in place:\n"
          "  ALTER TABLE " +
              table + " ADD COLUMN " + column + "_new " + type +
              ";\n"
              "  -- keep it in sync for new writes (trigger or application double-write)\n"
              "  -- backfill in batches: UPDATE " +
              table + " SET " + column + "_new = " + column + "::" + type +
              " WHERE <key range>;\n"
              "  -- switch readers, then in one short transaction: rename the columns and drop "
              "the old one.\n"
              "When the change is binary-coercible, silence this finding with "
              "-- pgdrydock:ignore changing-column-type <reason>.");
      if (likely_free && !old_type)
        f.severity = Severity::Warning;
      out.add(std::move(f));
    }
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(ChangingColumnType)
} // namespace pgdrydock
