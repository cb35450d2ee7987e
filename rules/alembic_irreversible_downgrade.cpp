// alembic-irreversible-downgrade: an Alembic revision whose downgrade() is missing, empty,
// `pass` or raises NotImplementedError. `alembic downgrade` past it succeeds and changes
// nothing, so the schema and the version table disagree from then on. Only Alembic: an empty
// down script of a SQL layout is irreversible-migration's, in SQL words. An upgrade that
// changes no schema (a merge revision, a data fix) leaves nothing to undo.
#include "lint/rule.h"
#include "lint/sql_parser.h"
#include "rules/schema_change.h"

namespace pgdrydock {
namespace {

class AlembicIrreversibleDowngrade : public Rule {
public:
  std::string_view id() const override { return "alembic-irreversible-downgrade"; }
  Severity default_severity() const override { return Severity::Warning; }
  std::string_view summary() const override {
    return "downgrade() is missing, empty or `pass`: the revision cannot be rolled back";
  }

  void check_migration(const MigrationInput& in, FindingSink& out) const override {
    const Migration& m = in.migration;
    if (m.layout != Layout::Alembic)
      return;
    if (!m.down && !m.down_error.empty())
      return; // downgrade() exists but could not render: its reason is reported, not guessed
    if (!m.down) {
      // `alembic downgrade` itself fails here, whatever the upgrade did.
      // The whole file is at fault, not one of its lines: report its first line.
      out.add(make(SourceLocation{m.up.file->path(), 1, 1},
                   "revision " + m.version +
                       " has no downgrade() function: `alembic "
                       "downgrade` fails at this revision"));
      return;
    }
    if (!split_statements(m.down->text()).empty() || ignored_at(*m.down) ||
        !rules::up_changes_schema(in))
      return;
    out.add(make(m.down->file->location(m.down->begin),
                 "downgrade() of revision " + m.version +
                     " does nothing (empty, `pass` or NotImplementedError): `alembic "
                     "downgrade` passes it and leaves its schema changes in place"));
  }

private:
  // `# pgdrydock:ignore` above an Alembic `def downgrade()` (a migration-level finding has no
  // statement to carry the directive).
  bool ignored_at(const Script& script) const {
    const SourceOrigin* origin = script.file->origin_at(script.begin);
    if (!origin)
      return false;
    for (const OriginIgnore& d : origin->ignores)
      if (d.rule == id() || d.rule == "all")
        return true;
    return false;
  }

  Finding make(SourceLocation where, std::string message) const {
    return Finding{std::string(id()), default_severity(), std::move(where), std::move(message),
                   "Write the inverse of every upgrade() operation in downgrade(), in reverse "
                   "order (drop what was created, re-create what was dropped). When the change "
                   "truly cannot be undone (dropped data), say so: raise an exception naming "
                   "the revision in downgrade() and keep a backup, and ignore this finding with "
                   "`# pgdrydock:ignore alembic-irreversible-downgrade <reason>`."};
  }
};

} // namespace
PGDRYDOCK_REGISTER_RULE(AlembicIrreversibleDowngrade)
} // namespace pgdrydock
