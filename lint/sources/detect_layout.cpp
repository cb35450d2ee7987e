// Auto-detection of a folder's layout, from file names first and contents only for dbmate.
#include <fstream>

#include "lint/sources/layouts.h"

namespace pgdrydock::sources {
namespace {

// dbmate puts its marker at the top of the file; the head is enough to recognise it.
bool file_head_has_dbmate_marker(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(64 * 1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return has_dbmate_marker(head);
}

} // namespace

Layout detect_folder_layout(const Folder& folder) {
  bool golang = false, flyway = false, dbmate = false;
  for (const FolderEntry& e : folder.entries) {
    if (e.is_folder) {
      std::error_code ec;
      if (std::filesystem::exists(e.path / "up.sql", ec) ||
          std::filesystem::exists(e.path / "down.sql", ec))
        return Layout::FolderPerMigration;
      continue;
    }
    if (!ends_with_ci(e.name, ".sql"))
      continue;
    if (parse_golang_name(e.name))
      golang = true;
    else if (auto f = parse_flyway_name(e.name); f && f->kind != FlywayKind::Repeatable)
      flyway = true;
    else if (!dbmate && file_head_has_dbmate_marker(e.path))
      dbmate = true;
  }
  if (golang)
    return Layout::GolangMigrate;
  if (flyway)
    return Layout::Flyway;
  if (dbmate)
    return Layout::Dbmate;
  return Layout::PlainFolder;
}

} // namespace pgdrydock::sources
