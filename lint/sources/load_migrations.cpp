// Placeholder: single files only; the sources layouts are being written in lint/sources/.
#include <fstream>
#include <sstream>

#include "lint/migration.h"

namespace pgdrydock {

MigrationSet load_migrations(const std::vector<std::string>& paths, const LoadOptions&) {
  MigrationSet set;
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto file = std::make_shared<const SourceFile>(p, ss.str());
    Migration m;
    m.version = p;
    m.name = p;
    m.up = Script{file, 0, file->content().size(), TransactionMode::Autocommit, "psql -f"};
    set.migrations.push_back(std::move(m));
  }
  return set;
}

} // namespace pgdrydock
