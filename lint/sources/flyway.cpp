// Flyway: V<version>__<desc>.sql, optional U<version>__<desc>.sql undo scripts, and repeatable
// R__<desc>.sql scripts that run after every versioned one.
#include <map>

#include "lint/sources/layouts.h"
#include "lint/sources/read_source.h"

namespace pgdrydock::sources {

void load_flyway(const Folder& folder, MigrationSet& set) {
  struct Entry {
    FlywayName name;
    const FolderEntry* file = nullptr;
  };
  std::vector<Entry> versioned, repeatable;
  std::map<std::string, Entry> undo; // by version key
  for (const FolderEntry& e : folder.entries) {
    // A folder named like a SQL file is read anyway, so it is reported, not dropped.
    if ((e.is_folder && !ends_with_ci(e.name, ".sql")) || skip_if_other_language(e, set))
      continue;
    if (!ends_with_ci(e.name, ".sql"))
      continue;
    auto name = parse_flyway_name(e.name);
    if (!name) {
      set.skipped.push_back(
          {e.display, "not a Flyway name (V<version>__<desc>.sql, U..., R__<desc>.sql)"});
      continue;
    }
    if (skip_if_other_dialect(e, set))
      continue;
    switch (name->kind) {
    case FlywayKind::Versioned:
      versioned.push_back({*name, &e});
      break;
    case FlywayKind::Repeatable:
      repeatable.push_back({*name, &e});
      break;
    case FlywayKind::Undo:
      if (!undo.emplace(version_key(name->version), Entry{*name, &e}).second)
        set.errors.push_back({e.display, 0, 0,
                              "duplicate undo version " + name->version + ": " +
                                  undo[version_key(name->version)].file->display +
                                  " has the same version"});
      break;
    }
  }
  auto load = [&](const Entry& v, std::string version) {
    SourceFilePtr file = read_into(v.file->path, v.file->display, set);
    if (!file)
      return;
    Migration m;
    m.version = std::move(version);
    m.name = v.name.name;
    m.layout = Layout::Flyway;
    m.runner = "flyway";
    m.up = flyway_script(file, v.file->path);
    if (v.name.kind == FlywayKind::Versioned) {
      if (auto u = undo.find(version_key(v.name.version)); u != undo.end()) {
        if (SourceFilePtr down = read_into(u->second.file->path, u->second.file->display, set))
          m.down = flyway_script(down, u->second.file->path);
        undo.erase(u);
      }
    }
    set.migrations.push_back(std::move(m));
  };
  for (const Entry& v : versioned)
    load(v, v.name.version);
  // "R__" sorts after every digit, so repeatables stay after the versioned ones.
  for (const Entry& r : repeatable)
    load(r, "R__" + r.name.name);
  for (const auto& [key, u] : undo)
    set.skipped.push_back(
        {u.file->display, "undo script without its V" + u.name.version + "__ migration"});
}

} // namespace pgdrydock::sources
