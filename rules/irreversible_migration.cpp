// irreversible-migration: a migration with no down script in a layout that has down scripts.
// Rolling back a bad deploy then means writing the downgrade under pressure. Informational:
// some changes (dropping data) cannot be undone anyway. A down script with no statement, and
// Alembic revisions, are alembic-irreversible-downgrade's business.
#include "lint/rule.h"

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
    std::string hint = down_script_hint(m);
    if (hint.empty())
      return; // plain SQL files have no down convention
    if (m.down)
      return;
    SourceLocation where = m.up.file->location(m.up.begin);
    std::string message = "migration " + m.version + (m.name.empty() ? "" : " (" + m.name + ")") +
                          " has no down script: it cannot be rolled back with " +
                          (m.runner.empty() ? std::string("its tool") : m.runner);
    std::string recipe = "Write the downgrade now, while the change is fresh: " + hint +
                         ", undoing the up script in reverse order (e.g. DROP INDEX CONCURRENTLY "
                         "IF EXISTS ... for a CREATE INDEX). When it truly cannot be undone, "
                         "make the down script say so:\n  DO $$ BEGIN RAISE EXCEPTION "
                         "'migration " +
                         m.version + " cannot be reverted'; END $$;";
    out.add(Finding{std::string(id()), default_severity(), where, std::move(message),
                    std::move(recipe)});
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(IrreversibleMigration)
} // namespace pgdrydock
