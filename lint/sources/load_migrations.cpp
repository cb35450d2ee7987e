// Entry point of the migration sources: files, folders and stdin, each read once, detected,
// ordered (as each runner orders them) and checked for duplicate versions.
#include <algorithm>
#include <map>

#include "lint/sources/layouts.h"
#include "lint/sources/read_source.h"
#include "lint/sources/runner_order.h"

namespace pgdrydock {
namespace {

namespace fs = std::filesystem;
using namespace sources;

std::string file_name_of(const std::string& display) {
  return fs::path(display).filename().string();
}

std::string stem_of(const std::string& file_name) {
  return ends_with_ci(file_name, ".sql") ? file_name.substr(0, file_name.size() - 4) : file_name;
}

// A file named on the command line (or stdin with --stdin-filepath): its name and contents
// say which runner it belongs to, unless --layout says so.
Layout classify_single_file(const SourceFile& file, bool from_stdin, const LoadOptions& options) {
  Layout fallback = from_stdin ? Layout::Stdin : Layout::SingleFile;
  if (options.layout) {
    if (*options.layout == Layout::PlainFolder)
      return fallback;
    return *options.layout;
  }
  std::string name = file_name_of(file.path());
  if (has_dbmate_marker(file.content()))
    return Layout::Dbmate;
  if (parse_golang_name(name))
    return Layout::GolangMigrate;
  if (auto f = parse_flyway_name(name); f && f->kind != FlywayKind::Repeatable)
    return Layout::Flyway;
  if (name == "up.sql" || name == "down.sql")
    return Layout::FolderPerMigration;
  return fallback;
}

bool is_down_script_name(const std::string& name) {
  if (name == "down.sql")
    return true;
  if (auto g = parse_golang_name(name))
    return g->direction == ScriptDirection::Down;
  if (auto f = parse_flyway_name(name))
    return f->kind == FlywayKind::Undo;
  return false;
}

void load_single_file(const SourceFilePtr& file, bool from_stdin, const LoadOptions& options,
                      MigrationSet& set) {
  std::string name = file_name_of(file->path());
  Migration m;
  m.version = stem_of(name);
  m.name = m.version;
  m.layout = classify_single_file(*file, from_stdin, options);
  fs::path path = from_stdin ? fs::path() : fs::path(file->path());
  switch (m.layout) {
  case Layout::Dbmate: {
    PrefixName n = split_version_prefix(m.version);
    if (!n.version.empty()) {
      m.version = n.version;
      m.name = n.name;
    }
    if (dbmate_migration(file, m, set))
      set.migrations.push_back(std::move(m));
    return;
  }
  case Layout::GolangMigrate:
    if (auto g = parse_golang_name(name)) {
      m.version = g->version;
      m.name = g->name;
    }
    m.runner = "golang-migrate";
    m.up = golang_script(file);
    break;
  case Layout::Flyway:
    if (auto f = parse_flyway_name(name)) {
      m.version = f->version;
      m.name = f->name;
    }
    m.runner = "flyway";
    m.up = flyway_script(file, path);
    break;
  case Layout::FolderPerMigration: {
    // The migration is the folder holding the file: its name is the version, its metadata
    // may opt out of the transaction.
    fs::path dir = fs::path(file->path()).parent_path();
    Folder parent = list_folder(dir.parent_path(), dir.parent_path().string());
    std::string runner = migration_folder_runner(parent);
    std::string opt_out = from_stdin ? "" : migration_folder_opt_out(dir, dir.string(), set);
    PrefixName n = split_version_prefix(dir.filename().string());
    m.version = n.version.empty() ? dir.filename().string() : n.version;
    m.name = n.name;
    m.runner = runner;
    m.up = folder_migration_script(file, runner, opt_out);
    break;
  }
  case Layout::Alembic:
    set.errors.push_back(
        {file->path(), 0, 0, "--layout alembic needs an Alembic project folder, not a SQL file"});
    return;
  case Layout::SingleFile:
  case Layout::Stdin:
  case Layout::PlainFolder:
    m.runner = "psql";
    m.up = plain_script(file, options);
    break;
  }
  // A down script named alone (`down.sql`, `x.down.sql`, Flyway's `U1__x.sql`) is linted as the
  // downgrade it is: an empty up, the file as the down script.
  if (is_down_script_name(name) && m.layout != Layout::SingleFile && m.layout != Layout::Stdin) {
    m.down = std::move(m.up);
    m.up = Script{file, 0, 0, m.down->mode, m.down->mode_reason};
  }
  set.migrations.push_back(std::move(m));
}

// Two migrations of one folder that the runner takes for the same version: it would refuse (or
// silently pick one), so name both files. Runners that apply both get a warning instead.
void check_duplicate_versions(MigrationSet& set, std::size_t first) {
  std::map<std::string, const Migration*> seen;
  const Migration* previous = nullptr;
  for (std::size_t i = first; i < set.migrations.size(); ++i) {
    const Migration& m = set.migrations[i];
    if (std::optional<std::string> key = runner_identity_key(m)) {
      auto [it, fresh] = seen.emplace(*key, &m);
      if (!fresh)
        set.errors.push_back({m.up.file->path(), 0, 0,
                              "duplicate version " + m.version + ": " +
                                  it->second->up.file->path() + " has the same version for " +
                                  m.runner});
    } else if (previous && same_runner_version(*previous, m) &&
               !shared_version_note(m.runner).empty()) {
      set.warnings.push_back({m.up.file->path(), 0, 0,
                              "version " + m.version + " is also used by " +
                                  previous->up.file->path() + ": " +
                                  shared_version_note(m.runner)});
    }
    previous = &m;
  }
}

void load_folder(const fs::path& path, const std::string& display, const LoadOptions& options,
                 MigrationSet& set) {
  Folder folder = list_folder(path, display);
  Layout layout = detect_folder_layout(folder);
  if (options.layout && *options.layout != Layout::SingleFile && *options.layout != Layout::Stdin)
    layout = *options.layout;
  std::size_t first = set.migrations.size();
  std::size_t errors_before = set.errors.size();
  switch (layout) {
  case Layout::GolangMigrate:
    load_golang_migrate(folder, set);
    break;
  case Layout::FolderPerMigration:
    load_folder_per_migration(folder, set);
    break;
  case Layout::Dbmate:
    load_dbmate_folder(folder, set);
    break;
  case Layout::Flyway:
    load_flyway(folder, set);
    break;
  case Layout::Alembic:
    set.errors.push_back({display, 0, 0,
                          "the Alembic layout is not read by the SQL loader; render the revisions "
                          "to SQL (alembic upgrade --sql) and lint that"});
    return;
  case Layout::PlainFolder:
  case Layout::SingleFile:
  case Layout::Stdin:
    load_plain_folder(folder, options, set);
    break;
  }
  if (set.migrations.size() == first && set.errors.size() == errors_before) {
    set.errors.push_back({display, 0, 0,
                          std::string("no SQL migrations found (read as ") + to_string(layout) +
                              " layout: *.sql, N_name.up.sql, <version>/up.sql, "
                              "V<version>__<desc>.sql or dbmate files)"});
    return;
  }
  std::stable_sort(set.migrations.begin() + static_cast<std::ptrdiff_t>(first),
                   set.migrations.end(), runner_less);
  check_duplicate_versions(set, first);
}

} // namespace

MigrationSet load_migrations(const std::vector<std::string>& paths, const LoadOptions& options) {
  MigrationSet set;
  for (const std::string& p : paths) {
    if (p == "-") {
      std::string display = options.stdin_filepath.empty() ? "<stdin>" : options.stdin_filepath;
      ReadResult r = read_stdin(display);
      if (!r)
        set.errors.push_back(std::move(r.error()));
      else
        load_single_file(*r, true, options, set);
      continue;
    }
    std::error_code ec;
    fs::file_status st = fs::status(p, ec);
    if (fs::is_directory(st)) {
      load_folder(p, p, options, set);
    } else if (ec == std::errc::too_many_symbolic_link_levels) {
      set.errors.push_back({p, 0, 0, "symlink loop at " + p}); // not "no such file"
    } else if (!fs::exists(st)) {
      set.errors.push_back({p, 0, 0, "no such file or folder"});
    } else if (SourceFilePtr file = read_into(p, p, set)) {
      load_single_file(file, false, options, set);
    }
  }
  return set;
}

} // namespace pgdrydock
