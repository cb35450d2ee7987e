// Folders of `<version>_<name>.up.sql` / `.down.sql` files, read the way the runner that owns
// the folder reads them:
// - golang-migrate pairs an up and a down by version alone (`1_add_x.up.sql` with
//   `1_add_x_to_y.down.sql`); a version used twice is refused by golang-migrate itself but
//   applied in name order by runners such as concourse's, so it is read with a warning.
// - ory popx (`<version>_<name>[.<dialect>][.autocommit].up.sql`, told by `.autocommit` or a
//   cockroach file): one migration per version, a postgres file winning over a generic one,
//   `.autocommit` meaning no wrapping transaction.
// - maragudk/migrate (a `_up.sql` / `_down.sql` stem seen): ordered by the whole stem, shared
//   numeric prefixes being ordinary.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/sources/layouts.h"
#include "lint/sources/read_source.h"

namespace pgdrydock::sources {
namespace {

struct NamedEntry {
  GolangName name;
  const FolderEntry* entry = nullptr;
};

bool is_cockroach(const GolangName& name) {
  return name.dialect == "cockroach" || name.dialect == "cockroachdb";
}

// Which runner's rules apply to the folder, from the names alone (cockroach files are never
// linted, but they tell popx's folders).
std::string golang_folder_runner(const std::vector<NamedEntry>& files, bool cockroach_seen) {
  for (const NamedEntry& f : files)
    if (f.name.underscore_form)
      return "maragudk/migrate";
  if (cockroach_seen)
    return "popx";
  for (const NamedEntry& f : files)
    if (f.name.autocommit || is_cockroach(f.name))
      return "popx";
  return "golang-migrate";
}

Script script_for(const std::string& runner, const NamedEntry& f, const SourceFilePtr& file) {
  if (runner == "popx")
    return f.name.autocommit
               ? whole_file_script(file, TransactionMode::ImplicitMulti,
                                   "popx .autocommit: sent without a transaction as one "
                                   "multi-statement query, one implicit transaction")
               : whole_file_script(file, TransactionMode::RunnerWrapped,
                                   "popx wraps each migration in a transaction");
  if (runner == "maragudk/migrate")
    return whole_file_script(file, TransactionMode::RunnerWrapped,
                             "maragudk/migrate runs each migration in a transaction");
  return golang_script(file);
}

// The files of one version and direction that the runner reads: a PostgreSQL-specific file
// hides the generic one of the same name (popx: of the same version). Two files left with the
// same name are an error naming both.
std::vector<NamedEntry> choose_dialect(const std::string& runner, std::vector<NamedEntry> files,
                                       MigrationSet& set) {
  const bool by_version = runner == "popx";
  std::map<std::string, NamedEntry> chosen; // by name (or "" for popx)
  for (NamedEntry& f : files) {
    const std::string key = by_version ? std::string() : f.name.name;
    auto [it, fresh] = chosen.emplace(key, f);
    if (fresh)
      continue;
    const bool old_specific = !it->second.name.dialect.empty();
    const bool new_specific = !f.name.dialect.empty();
    if (old_specific != new_specific) {
      if (new_specific)
        it->second = f;
      continue;
    }
    set.errors.push_back({f.entry->display, 0, 0,
                          "duplicate migration: " + it->second.entry->display +
                              " has the same version" + (by_version ? "" : " and name") + " for " +
                              runner});
  }
  std::vector<NamedEntry> out;
  for (auto& [key, f] : chosen)
    out.push_back(std::move(f));
  return out;
}

struct VersionFiles {
  std::vector<NamedEntry> ups, downs;
};

void add_migration(const std::string& runner, const NamedEntry& up, const NamedEntry* down,
                   MigrationSet& set) {
  SourceFilePtr up_file = read_into(up.entry->path, up.entry->display, set);
  if (!up_file)
    return;
  Migration m;
  m.version = up.name.version;
  m.name = up.name.name;
  m.layout = Layout::GolangMigrate;
  m.runner = runner;
  m.up = script_for(runner, up, up_file);
  if (down)
    if (SourceFilePtr down_file = read_into(down->entry->path, down->entry->display, set))
      m.down = script_for(runner, *down, down_file);
  set.migrations.push_back(std::move(m));
}

// Pairs one version's ups and downs: a lone up and a lone down belong together whatever their
// names (golang-migrate keys by version); several are paired by name.
void pair_version(const std::string& runner, const VersionFiles& files, MigrationSet& set) {
  std::vector<NamedEntry> ups = choose_dialect(runner, files.ups, set);
  std::vector<NamedEntry> downs = choose_dialect(runner, files.downs, set);
  if (ups.size() == 1 && downs.size() <= 1) {
    add_migration(runner, ups[0], downs.empty() ? nullptr : &downs[0], set);
    return;
  }
  std::vector<bool> used(downs.size(), false);
  for (const NamedEntry& up : ups) {
    const NamedEntry* down = nullptr;
    for (std::size_t i = 0; i < downs.size(); ++i)
      if (!used[i] && downs[i].name.name == up.name.name) {
        used[i] = true;
        down = &downs[i];
        break;
      }
    add_migration(runner, up, down, set);
  }
  for (std::size_t i = 0; i < downs.size(); ++i)
    if (!used[i])
      set.skipped.push_back({downs[i].entry->display, "down migration without its up file"});
}

// A name pgdrydock can read but the runner does not match (golang-migrate's pattern is
// `^([0-9]+)_(.*)\.(down|up)\.(.*)$`, case-sensitive): the runner skips the file without a
// word, so it is listed as skipped with the reason rather than linted as if it would run.
std::optional<std::string> near_miss(std::string_view file, const GolangName& name) {
  const std::size_t after_version = name.version.size();
  if (!name.underscore_form && (after_version >= file.size() || file[after_version] != '_'))
    return "not a golang-migrate name: `_` must follow the version (" + name.version +
           "_<name>.up.sql); golang-migrate skips it";
  const std::string_view direction = name.direction == ScriptDirection::Up
                                         ? (name.underscore_form ? "_up." : ".up.")
                                         : (name.underscore_form ? "_down." : ".down.");
  if (file.find(direction) == std::string_view::npos)
    return "not a golang-migrate name: the direction must be written `" +
           std::string(direction.substr(1, direction.size() - 2)) +
           "` in lower case; golang-migrate skips it";
  return std::nullopt;
}

} // namespace

void load_golang_migrate(const Folder& folder, MigrationSet& set) {
  std::vector<NamedEntry> files;
  bool cockroach_seen = false;
  for (const FolderEntry& e : folder.entries) {
    // A folder named like a SQL file is read anyway, so it is reported, not dropped.
    if ((e.is_folder && !ends_with_ci(e.name, ".sql")) || skip_if_other_language(e, set))
      continue;
    if (!ends_with_ci(e.name, ".sql"))
      continue;
    auto name = parse_golang_name(e.name, /*underscore_direction=*/true);
    if (!name) {
      set.skipped.push_back(
          {e.display, "not a golang-migrate name (<version>_<name>.up.sql / .down.sql)"});
      continue;
    }
    if (std::optional<std::string> why = near_miss(e.name, *name)) {
      set.skipped.push_back({e.display, *why});
      continue;
    }
    if (skip_if_other_dialect(e, set)) {
      cockroach_seen = cockroach_seen || is_cockroach(*name);
      continue;
    }
    files.push_back({*name, &e});
  }
  const std::string runner = golang_folder_runner(files, cockroach_seen);
  // Grouped by the version as a number (golang-migrate parses it: 001 is 1); maragudk/migrate
  // keys by the whole stem, so a shared prefix is two migrations.
  std::map<std::string, VersionFiles> versions;
  for (NamedEntry& f : files) {
    std::string version = f.name.version;
    while (version.size() > 1 && version.front() == '0')
      version.erase(0, 1);
    const std::string key =
        runner == "maragudk/migrate" ? f.name.version + "_" + f.name.name : version;
    VersionFiles& v = versions[key];
    (f.name.direction == ScriptDirection::Up ? v.ups : v.downs).push_back(std::move(f));
  }
  for (const auto& [key, v] : versions) {
    if (v.ups.empty()) {
      for (const NamedEntry& d : v.downs)
        set.skipped.push_back({d.entry->display, "down migration without its up file"});
      continue;
    }
    pair_version(runner, v, set);
  }
}

} // namespace pgdrydock::sources
