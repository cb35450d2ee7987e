// The loaders of each migration layout, and what they share. Internal to lint/sources/.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "lint/migration.h"
#include "lint/sources/migration_names.h"

namespace pgdrydock::sources {

struct FolderEntry {
  std::filesystem::path path;
  std::string name;    // file name only
  std::string display; // as reported: the folder as the user named it, then the name
  bool is_folder = false;
};

// One folder's entries, hidden ones left out, sorted by name.
struct Folder {
  std::filesystem::path path;
  std::string display;
  std::vector<FolderEntry> entries;
};
Folder list_folder(const std::filesystem::path& path, const std::string& display);
std::string join_display(const std::string& folder_display, const std::string& name);

// Loaders: each appends migrations, skipped files and errors to the set.
void load_plain_folder(const Folder& folder, const LoadOptions& options, MigrationSet& set);
void load_golang_migrate(const Folder& folder, MigrationSet& set);
void load_folder_per_migration(const Folder& folder, MigrationSet& set);
void load_dbmate_folder(const Folder& folder, MigrationSet& set);
void load_flyway(const Folder& folder, MigrationSet& set);

// Auto-detection for a folder; reads the heads of .sql files only to look for dbmate markers.
Layout detect_folder_layout(const Folder& folder);

// Each layout's runner semantics for one script.
Script whole_file_script(const SourceFilePtr& file, TransactionMode mode, std::string reason);
Script plain_script(const SourceFilePtr& file, const LoadOptions& options);
Script golang_script(const SourceFilePtr& file);
Script flyway_script(const SourceFilePtr& file, const std::filesystem::path& path);
// Diesel/sqlx/sourcegraph: wrapped, unless the migration folder or the script opts out.
Script folder_migration_script(const SourceFilePtr& file, const std::string& runner,
                               const std::string& opt_out_reason);

// The runner a folder of migration folders belongs to: "diesel", "sourcegraph" or "sqlx".
std::string migration_folder_runner(const Folder& root);
// Why one migration folder runs outside a transaction (Diesel metadata.toml, sourcegraph
// metadata.yaml), or "" when it does not opt out. Bad metadata is recorded as an error.
std::string migration_folder_opt_out(const std::filesystem::path& dir,
                                     const std::string& dir_display, MigrationSet& set);

// dbmate: the `-- migrate:up` / `-- migrate:down` sections of one file.
bool has_dbmate_marker(std::string_view text);
// Returns false (and records an error) when the file has no up section.
bool dbmate_migration(const SourceFilePtr& file, Migration& out, MigrationSet& set);

// `.go`, `.java`... beside SQL migrations: listed as skipped, never silently dropped.
bool skip_if_other_language(const FolderEntry& entry, MigrationSet& set);
// `x.mysql.up.sql`: another database's migration; skipped with the reason.
bool skip_if_other_dialect(const FolderEntry& entry, MigrationSet& set);
// A `.sql` file of a flat folder that is PostgreSQL's to read (other languages and dialects
// recorded as skipped; a folder named like a SQL file is read anyway, so it is reported).
bool postgres_sql_entry(const FolderEntry& entry, MigrationSet& set);

} // namespace pgdrydock::sources
