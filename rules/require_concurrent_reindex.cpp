// require-concurrent-reindex: REINDEX without CONCURRENTLY on an existing table, index or
// schema. Rebuilding takes a SHARE lock on the table (writes wait) and an ACCESS EXCLUSIVE lock
// on each index (queries that would use it wait) for the whole rebuild. REINDEX CONCURRENTLY
// exists from PostgreSQL 12; before that the recipe is build-new-then-swap, and a REINDEX
// CONCURRENTLY written for an older server fails.
#include <fmt/format.h>

#include "lint/rule.h"
#include "rules/outside_transaction.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

std::string swap_recipe(const std::string& target, bool is_index) {
  std::string index = is_index ? target : "<each index of " + target + ">";
  return "Before PostgreSQL 12, build a replacement and swap it in:\n"
         "  CREATE INDEX CONCURRENTLY " +
         std::string(is_index ? target + "_new" : "<name>_new") +
         " ON <table> (<same columns>);\n"
         "  DROP INDEX CONCURRENTLY " +
         index +
         ";\n"
         "  ALTER INDEX " +
         std::string(is_index ? target + "_new" : "<name>_new") + " RENAME TO " +
         std::string(is_index ? target.substr(target.find('.') + 1) : "<name>") +
         ";\n(an index backing a constraint needs ADD CONSTRAINT ... USING INDEX instead).";
}

class RequireConcurrentReindex : public Rule {
public:
  std::string_view id() const override { return "require-concurrent-reindex"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "REINDEX without CONCURRENTLY blocks writes (and reads through the index) while it "
           "rebuilds";
  }
  std::vector<std::string_view> statement_kinds() const override { return {"ReindexStmt"}; }

  void check(const RuleInput& in, FindingSink& out) const override {
    std::string_view kind = in.body.str("kind");
    if (kind == "REINDEX_OBJECT_SYSTEM")
      return; // catalogs: no CONCURRENTLY exists at all
    bool is_index = kind == "REINDEX_OBJECT_INDEX";
    bool is_table = kind == "REINDEX_OBJECT_TABLE";
    std::string target = is_index || is_table ? qualified_name(in.body["relation"])
                                              : std::string(in.body.str("name"));
    if ((is_index || is_table) && !rules::is_existing(in.context, target))
      return;
    std::string what = is_index                          ? "index " + target
                       : is_table                        ? "table " + target
                       : kind == "REINDEX_OBJECT_SCHEMA" ? "every table of schema " + target
                                                         : "every table of the database";
    bool old_server = in.context.pg_version < 12;

    if (in.traits.concurrent) {
      if (!old_server)
        return;
      out.add(finding(in,
                      fmt::format("REINDEX CONCURRENTLY exists from PostgreSQL 12: on PostgreSQL "
                                  "{} this statement is a syntax error and the migration fails",
                                  in.context.pg_version),
                      swap_recipe(target, is_index)));
      return;
    }

    std::string message =
        "REINDEX of " + what +
        " takes a SHARE lock on the table (blocks writes) and an ACCESS "
        "EXCLUSIVE lock on each index it rebuilds (queries that would use the index wait) until "
        "the rebuild is done";
    std::string recipe;
    if (old_server) {
      recipe = swap_recipe(target, is_index);
    } else {
      std::string object = is_index                          ? "INDEX"
                           : is_table                        ? "TABLE"
                           : kind == "REINDEX_OBJECT_SCHEMA" ? "SCHEMA"
                                                             : "DATABASE";
      recipe = "Rebuild without blocking (PostgreSQL 12+, outside a transaction block):\n"
               "  REINDEX " +
               object + " CONCURRENTLY " + target +
               ";\n"
               "A failed concurrent rebuild leaves an INVALID index named *_ccnew: drop it with "
               "DROP INDEX CONCURRENTLY before retrying.";
      if (in.context.in_transaction)
        recipe.append(" ").append(
            rules::how_to_run_outside_transaction(in.context)); // -Wrestrict at -O3
    }
    out.add(finding(in, std::move(message), std::move(recipe)));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(RequireConcurrentReindex)
} // namespace pgdrydock
