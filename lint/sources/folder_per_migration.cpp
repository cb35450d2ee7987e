// One folder per migration holding up.sql and down.sql: Diesel (`2019-01-01-000000_name/`,
// optional metadata.toml), sqlx-style and sourcegraph-style (`1528395834/`, metadata.yaml).
#include <cctype>
#include <fstream>

#include <toml++/toml.h>

#include "lint/sources/layouts.h"
#include "lint/sources/read_source.h"

namespace pgdrydock::sources {
namespace {

namespace fs = std::filesystem;

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}
bool path_exists(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

// Diesel names its folders `YYYY-MM-DD-HHMMSS_name`.
bool diesel_folder_name(std::string_view n) {
  constexpr std::string_view kShape = "dddd-dd-dd-dddddd_";
  if (n.size() < kShape.size())
    return false;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    bool digit = std::isdigit(static_cast<unsigned char>(n[i])) != 0;
    if (kShape[i] == 'd' ? !digit : n[i] != kShape[i])
      return false;
  }
  return true;
}

} // namespace

std::string migration_folder_runner(const Folder& root) {
  for (const FolderEntry& e : root.entries) {
    if (!e.is_folder)
      continue;
    if (diesel_folder_name(e.name) || path_exists(e.path / "metadata.toml"))
      return "diesel";
    if (path_exists(e.path / "metadata.yaml"))
      return "sourcegraph";
  }
  if (path_exists(root.path / "../diesel.toml"))
    return "diesel";
  return "sqlx";
}

std::string migration_folder_opt_out(const fs::path& dir, const std::string& dir_display,
                                     MigrationSet& set) {
  if (fs::path toml_path = dir / "metadata.toml"; path_exists(toml_path)) {
    std::string display = join_display(dir_display, "metadata.toml");
    SourceFilePtr meta = read_into(toml_path, display, set);
    if (!meta)
      return "";
    try {
      toml::table t = toml::parse(meta->content(), display);
      if (t["run_in_transaction"].value<bool>() == false)
        return "metadata.toml sets run_in_transaction = false";
    } catch (const toml::parse_error& e) {
      set.errors.push_back({display, static_cast<int>(e.source().begin.line),
                            static_cast<int>(e.source().begin.column),
                            "invalid TOML: " + std::string(e.description())});
    }
  }
  if (fs::path yaml = dir / "metadata.yaml"; is_file(yaml)) {
    // sourcegraph marks migrations it must run outside a transaction this way.
    std::ifstream in(yaml);
    std::string line;
    while (std::getline(in, line)) {
      std::erase_if(line, [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
      if (line == "createIndexConcurrently:true")
        return "metadata.yaml sets createIndexConcurrently: true";
    }
  }
  return "";
}

void load_folder_per_migration(const Folder& folder, MigrationSet& set) {
  std::string runner = migration_folder_runner(folder);
  for (const FolderEntry& e : folder.entries) {
    if (!e.is_folder) {
      if (skip_if_other_language(e, set))
        continue;
      if (ends_with_ci(e.name, ".sql"))
        set.skipped.push_back(
            {e.display, "not inside a migration folder (<version>_<name>/up.sql)"});
      continue;
    }
    fs::path up_path = e.path / "up.sql";
    fs::path down_path = e.path / "down.sql";
    bool has_up = path_exists(up_path);
    if (!has_up) {
      if (path_exists(down_path))
        set.skipped.push_back({join_display(e.display, "down.sql"), "down.sql without up.sql"});
      else if (path_exists(e.path / "up.go") || path_exists(e.path / "main.go"))
        set.skipped.push_back({e.display, "Go migration: pgdrydock reads SQL only"});
      continue;
    }
    std::string opt_out = migration_folder_opt_out(e.path, e.display, set);
    SourceFilePtr up = read_into(up_path, join_display(e.display, "up.sql"), set);
    if (!up)
      continue;
    PrefixName n = split_version_prefix(e.name);
    Migration m;
    m.version = n.version.empty() ? e.name : n.version;
    m.name = n.name;
    m.layout = Layout::FolderPerMigration;
    m.runner = runner;
    m.up = folder_migration_script(up, runner, opt_out);
    if (path_exists(down_path)) {
      if (SourceFilePtr down = read_into(down_path, join_display(e.display, "down.sql"), set))
        m.down = folder_migration_script(down, runner, opt_out);
    }
    set.migrations.push_back(std::move(m));
  }
}

} // namespace pgdrydock::sources
