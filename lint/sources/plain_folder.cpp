// A folder of .sql files, each one migration, run in file-name order as psql -f would run them.
#include "lint/sources/layouts.h"
#include "lint/sources/read_source.h"

namespace pgdrydock::sources {

void load_plain_folder(const Folder& folder, const LoadOptions& options, MigrationSet& set) {
  for (const FolderEntry& e : folder.entries) {
    if (!postgres_sql_entry(e, set))
      continue;
    SourceFilePtr file = read_into(e.path, e.display, set);
    if (!file)
      continue;
    std::string stem = e.name.substr(0, e.name.size() - 4);
    Migration m;
    m.version = stem; // file-name order is the run order
    PrefixName n = split_version_prefix(stem);
    m.name = n.version.empty() || n.name.empty() ? stem : n.name;
    m.layout = Layout::PlainFolder;
    m.runner = "psql";
    m.up = plain_script(file, options);
    set.migrations.push_back(std::move(m));
  }
}

} // namespace pgdrydock::sources
