// golang-migrate: `<version>_<name>.up.sql` / `.down.sql` pairs in one folder, optionally one
// set per database (`1_x.postgres.up.sql` beside `1_x.mysql.up.sql`).
#include <map>

#include "lint/sources/layouts.h"
#include "lint/sources/read_source.h"

namespace pgdrydock::sources {

void load_golang_migrate(const Folder& folder, MigrationSet& set) {
  struct Pair {
    GolangName name;
    const FolderEntry* up = nullptr;
    const FolderEntry* down = nullptr;
  };
  // Keyed by version and name: `1_a.up.sql` and `1_b.up.sql` stay two migrations, so the
  // duplicate-version check can name both files.
  std::map<std::pair<std::string, std::string>, Pair> pairs;
  for (const FolderEntry& e : folder.entries) {
    // A folder named like a SQL file is read anyway, so it is reported, not dropped.
    if ((e.is_folder && !ends_with_ci(e.name, ".sql")) || skip_if_other_language(e, set))
      continue;
    if (!ends_with_ci(e.name, ".sql"))
      continue;
    auto name = parse_golang_name(e.name);
    if (!name) {
      set.skipped.push_back(
          {e.display, "not a golang-migrate name (<version>_<name>.up.sql / .down.sql)"});
      continue;
    }
    if (skip_if_other_dialect(e, set))
      continue;
    Pair& p = pairs[{version_key(name->version), name->name}];
    if (!p.up && !p.down)
      p.name = *name;
    const FolderEntry*& slot = name->direction == ScriptDirection::Up ? p.up : p.down;
    if (slot) {
      // Same version and name twice: only a dialect tag tells them apart (`x.up.sql` beside
      // `x.postgres.up.sql`); golang-migrate would refuse the folder.
      set.errors.push_back(
          {e.display, 0, 0,
           "duplicate migration: " + slot->display + " has the same version and name"});
      continue;
    }
    slot = &e;
  }
  for (auto& [key, p] : pairs) {
    if (!p.up) {
      set.skipped.push_back({p.down->display, "down migration without its up file"});
      continue;
    }
    SourceFilePtr up = read_into(p.up->path, p.up->display, set);
    if (!up)
      continue;
    Migration m;
    m.version = p.name.version;
    m.name = p.name.name;
    m.layout = Layout::GolangMigrate;
    m.runner = "golang-migrate";
    m.up = golang_script(up);
    if (p.down) {
      if (SourceFilePtr down = read_into(p.down->path, p.down->display, set))
        m.down = golang_script(down);
    }
    set.migrations.push_back(std::move(m));
  }
}

} // namespace pgdrydock::sources
