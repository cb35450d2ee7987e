#include <algorithm>
#include <system_error>

#include "lint/sources/layouts.h"

namespace pgdrydock::sources {

std::string join_display(const std::string& folder_display, const std::string& name) {
  if (folder_display.empty() || folder_display == ".")
    return name;
  if (folder_display.back() == '/')
    return folder_display + name;
  return folder_display + "/" + name;
}

Folder list_folder(const std::filesystem::path& path, const std::string& display) {
  Folder folder{path, display, {}};
  std::error_code ec;
  for (std::filesystem::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.empty() || name.front() == '.')
      continue; // .gitkeep, editor swap files
    std::error_code type_ec;
    bool is_folder = it->is_directory(type_ec); // follows symlinks
    folder.entries.push_back({it->path(), name, join_display(display, name), is_folder});
  }
  std::sort(folder.entries.begin(), folder.entries.end(),
            [](const FolderEntry& a, const FolderEntry& b) { return a.name < b.name; });
  return folder;
}

bool skip_if_other_language(const FolderEntry& entry, MigrationSet& set) {
  struct Language {
    std::string_view extension;
    std::string_view reason;
  };
  constexpr Language kLanguages[] = {
      {".go", "Go migration: pgdrydock reads SQL only"},
      {".java", "Java migration: pgdrydock reads SQL only"},
      {".kt", "Kotlin migration: pgdrydock reads SQL only"},
      {".rb", "Ruby migration: pgdrydock reads SQL only"},
      {".js", "JavaScript migration: pgdrydock reads SQL only"},
      {".ts", "TypeScript migration: pgdrydock reads SQL only"},
      {".rs", "Rust migration: pgdrydock reads SQL only"},
  };
  if (entry.is_folder)
    return false;
  for (const auto& l : kLanguages) {
    if (ends_with_ci(entry.name, l.extension)) {
      set.skipped.push_back({entry.display, std::string(l.reason)});
      return true;
    }
  }
  return false;
}

bool skip_if_other_dialect(const FolderEntry& entry, MigrationSet& set) {
  std::string tag = dialect_tag(entry.name);
  if (tag.empty() || is_postgres_dialect(tag))
    return false;
  set.skipped.push_back({entry.display, tag + " dialect: only PostgreSQL migrations are linted"});
  return true;
}

bool postgres_sql_entry(const FolderEntry& entry, MigrationSet& set) {
  if ((entry.is_folder && !ends_with_ci(entry.name, ".sql")) || skip_if_other_language(entry, set))
    return false;
  return ends_with_ci(entry.name, ".sql") && !skip_if_other_dialect(entry, set);
}

} // namespace pgdrydock::sources
