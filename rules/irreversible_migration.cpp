// irreversible-migration: a migration of a SQL layout that its tool cannot roll back: no down
// script in a layout that has down scripts, or a down script without one statement (the
// tool's rollback then "succeeds" and leaves the schema changed). Informational when the down
// is missing: some changes (dropping data) cannot be undone anyway. An up script that changes
// no schema (`SELECT 1`, only DML) leaves nothing to undo. Alembic revisions are
// alembic-irreversible-downgrade's business.
#include "lint/rule.h"
#include "lint/sql_parser.h"
#include "rules/schema_change.h"

namespace pgdrydock {
namespace {

// Where a down script goes in each layout that has one; "" for layouts without downs.
std::string down_script_hint(const Migration& m) {
  switch (m.layout) {
  case Layout::GolangMigrate:
    return "add " + m.version + "_" + m.name + ".down.sql beside the up file";
  case Layout::FolderPerMigration:
    return "add down.sql in the migration's folder";
  case Layout::Dbmate:
    return "add a `-- migrate:down` section to the file";
  case Layout::Flyway:
    if (m.version.starts_with("R__"))
      return {}; // repeatable migrations have no undo in Flyway
    return "add the undo migration U" + m.version + "__" + m.name + ".sql";
  case Layout::Alembic: // alembic-irreversible-downgrade knows downgrade() functions
  case Layout::SingleFile:
  case Layout::Stdin:
  case Layout::PlainFolder:
    return {};
  }
  return {};
}

class IrreversibleMigration : public Rule {
public:
  std::string_view id() const override { return "irreversible-migration"; }
  Severity default_severity() const override { return Severity::Info; }
  std::string_view summary() const override {
    return "A migration without a down script cannot be rolled back with its tool";
  }
  // No statement of its own: it looks at whole migrations.
  std::vector<std::string_view> statement_kinds() const override { return {"(migration)"}; }

  void check_migration(const MigrationInput& in, FindingSink& out) const override {
    const Migration& m = in.migration;
    if (m.layout == Layout::Alembic)
      return;
    const bool empty_down = m.down && split_statements(m.down->text()).empty();
    std::string hint = down_script_hint(m);
    if (m.down ? !empty_down : hint.empty())
      return; // a down with statements, or no down convention (plain SQL files, repeatables)
    if (!rules::up_changes_schema(in))
      return;
    std::string title = "migration " + m.version + (m.name.empty() ? "" : " (" + m.name + ")");
    std::string tool = m.runner.empty() ? std::string("its tool") : m.runner;
    std::string refuse = "make the down script say so:\n  DO $$ BEGIN RAISE EXCEPTION "
                         "'migration " +
                         m.version + " cannot be reverted'; END $$;";
    if (empty_down) {
      // Worse than a missing one: the rollback runs, reports success and changes nothing.
      out.add(Finding{std::string(id()), Severity::Warning, m.down->file->location(m.down->begin),
                      "the down script of " + title + " has no statement: rolling back with " +
                          tool + " succeeds and leaves the up script's changes in place",
                      "Write in " + m.down->file->path() +
                          " the inverse of every up statement, in reverse order (e.g. DROP "
                          "INDEX CONCURRENTLY IF EXISTS ... for a CREATE INDEX). When it truly "
                          "cannot be undone, " +
                          refuse});
      return;
    }
    SourceLocation where = m.up.file->location(m.up.begin);
    std::string message = title + " has no down script: it cannot be rolled back with " + tool;
    std::string recipe = "Write the downgrade now, while the change is fresh: " + hint +
                         ", undoing the up script in reverse order (e.g. DROP INDEX CONCURRENTLY "
                         "IF EXISTS ... for a CREATE INDEX). When it truly cannot be undone, " +
                         refuse;
    out.add(Finding{std::string(id()), default_severity(), where, std::move(message),
                    std::move(recipe)});
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(IrreversibleMigration)
} // namespace pgdrydock
