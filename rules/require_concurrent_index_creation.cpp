// require-concurrent-index-creation: CREATE INDEX without CONCURRENTLY on a table that existed
// before the migration. The build holds a SHARE lock for its whole duration: every write to the
// table waits until the last row is indexed.
#include <cctype>

#include "lint/rule.h"
#include "rules/outside_transaction.h"
#include "rules/rule_helpers.h"
#include "lint/support/quote_identifier.h"

namespace pgdrydock {
namespace {

// The statement as written with CONCURRENTLY (and IF NOT EXISTS for a named index) added after
// its INDEX keyword: the recipe keeps the user's own column list, predicate and options.
std::string concurrent_version(std::string_view text, bool named, bool has_if_not_exists) {
  std::string upper(text);
  for (char& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::size_t at = upper.find("INDEX");
  if (at == std::string::npos)
    return std::string(text);
  std::string insert = " CONCURRENTLY";
  if (named && !has_if_not_exists)
    insert += " IF NOT EXISTS";
  std::string out(text);
  out.insert(at + 5, insert);
  return out + ";";
}

class RequireConcurrentIndexCreation : public Rule {
public:
  std::string_view id() const override { return "require-concurrent-index-creation"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "CREATE INDEX without CONCURRENTLY blocks writes to an existing table while it builds";
  }
  std::vector<std::string_view> statement_kinds() const override { return {"IndexStmt"}; }

  void check(const RuleInput& in, FindingSink& out) const override {
    if (in.traits.concurrent)
      return;
    std::string table = qualified_name(in.body["relation"]);
    if (!rules::is_existing(in.context, table))
      return;
    std::string index(in.body.str("idxname"));
    std::string what = index.empty() ? "CREATE INDEX" : "CREATE INDEX " + index;
    std::string message = what + " on " + table + " takes a " +
                          rules::lock_phrase(in.effects, table, LockMode::Share) + " on " + table +
                          " until the index is built: inserts, updates and deletes on " + table +
                          " wait for the whole table scan and sort";

    std::string recipe =
        "Build the index without blocking writes:\n  " +
        concurrent_version(in.statement.text(), !index.empty(), in.body.boolean("if_not_exists")) +
        "\nCONCURRENTLY cannot run inside a transaction block. ";
    if (in.context.in_transaction)
      recipe += rules::how_to_run_outside_transaction(in.context);
    if (!index.empty())
      recipe += "\nIf the build fails (deadlock, unique violation, cancel) it leaves an INVALID "
                "index that IF NOT EXISTS would silently keep: drop it with DROP INDEX "
                "CONCURRENTLY IF EXISTS " +
                quote_qualified(in.body["relation"].str("schemaname"), index) +
                "; and run the statement again.";
    out.add(finding(in, std::move(message), std::move(recipe)));
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(RequireConcurrentIndexCreation)
} // namespace pgdrydock
