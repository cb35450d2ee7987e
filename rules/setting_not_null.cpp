// setting-not-null: ALTER COLUMN ... SET NOT NULL on a table that existed before the migration.
// PostgreSQL checks every row for NULLs while it holds ACCESS EXCLUSIVE, so nothing can read
// or write the table for the length of a full scan. From PostgreSQL 12 a validated
// CHECK (col IS NOT NULL) lets it skip the scan; this rule knows about one only when the same
// script added and validated it (rules::NotNullChecks, in the rule's script state), or when the
// catalog replayed from the history (LintContext::catalog) has one that is validated (NOT VALID is
// no proof).
#include "lint/catalog/catalog.h"
#include "lint/catalog/expression.h"
#include "lint/rule.h"
#include "rules/altered_table.h"
#include "rules/not_null_checks.h"
#include "rules/rule_helpers.h"

namespace pgdrydock {
namespace {

// A validated CHECK (column IS NOT NULL) on the table as the catalog knows it.
bool catalog_has_validated_check(const Catalog* catalog, const Node& range_var,
                                 const std::string& column) {
  if (!catalog)
    return false;
  std::string key =
      catalog->resolve_relation(range_var.str("schemaname"), range_var.str("relname"));
  const CatalogTable* t = catalog->table(key);
  if (!t)
    return false;
  std::string wanted = normalize_expression_sql(column + " IS NOT NULL");
  for (const auto& k : t->constraints)
    if (k.kind == ConstraintKind::Check && k.validated && k.definition == wanted)
      return true;
  return false;
}

std::string recipe_for(const std::string& table, const std::string& column, int pg_version) {
  std::string check = table + "_" + column + "_not_null";
  // A dotted table name would make a dotted constraint name: keep only the table part.
  if (auto dot = table.rfind('.'); dot != std::string::npos)
    check = table.substr(dot + 1) + "_" + column + "_not_null";
  std::string steps =
      "  ALTER TABLE " + table + " ADD CONSTRAINT " + check + " CHECK (" + column +
      " IS NOT NULL) NOT VALID;  -- brief lock, no scan\n"
      "  -- in a separate transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on):\n"
      "  ALTER TABLE " +
      table + " VALIDATE CONSTRAINT " + check + ";\n";
  if (pg_version >= 12)
    return "Prove the column has no NULLs first, without blocking, then let SET NOT NULL use "
           "that proof:\n" +
           steps + "  ALTER TABLE " + table + " ALTER COLUMN " + column +
           " SET NOT NULL;  -- PostgreSQL 12+: uses the validated CHECK, no scan\n"
           "  ALTER TABLE " +
           table + " DROP CONSTRAINT " + check + ";";
  return "Before PostgreSQL 12, SET NOT NULL always scans the table, even with a validated "
         "CHECK. Either enforce the rule with a validated CHECK constraint instead of the "
         "column's NOT NULL (same guarantee, no long lock):\n" +
         steps +
         "or run SET NOT NULL in a quiet window with a short lock_timeout, or upgrade to "
         "PostgreSQL 12+ where the validated CHECK makes SET NOT NULL skip the scan.";
}

class NotNullChecksState : public ScriptState {
public:
  void seen(const StatementSeen& statement) override { checks.seen(statement); }
  rules::NotNullChecks checks;
};

class SettingNotNull : public rules::AlterTableRule {
public:
  std::string_view id() const override { return "setting-not-null"; }
  Severity default_severity() const override { return Severity::Error; }
  std::string_view summary() const override {
    return "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock";
  }
  std::unique_ptr<ScriptState> new_script_state() const override {
    return std::make_unique<NotNullChecksState>();
  }
  void check_table(const RuleInput& in, const rules::AlteredTable& altered,
                   FindingSink& out) const override {
    const std::string& relation = altered.relation;
    const std::string& table = altered.shown;
    for (const Node& cmd : rules::commands_of(altered, "AT_SetNotNull")) {
      std::string column(cmd.str("name"));
      bool proven = state_of<NotNullChecksState>(in).checks.has_validated(relation, column) ||
                    catalog_has_validated_check(in.context.catalog, in.body["relation"], column);
      if (proven && in.context.pg_version >= 12)
        continue;
      std::string message = "setting column \"" + column + "\" of table \"" + table +
                            "\" NOT NULL scans every row while holding " +
                            rules::a_lock_phrase(in.effects, relation, LockMode::AccessExclusive) +
                            " for the whole scan";
      if (proven)
        message += " (the validated CHECK (" + column +
                   " IS NOT NULL) only lets PostgreSQL 12+ skip the scan; target is " +
                   std::to_string(in.context.pg_version) + ")";
      out.add(finding(in, std::move(message), recipe_for(table, column, in.context.pg_version)));
    }
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(SettingNotNull)
} // namespace pgdrydock
