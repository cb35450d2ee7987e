#include "lint/migration.h"

#include <cctype>

namespace pgdrydock {

const char* to_string(TransactionMode mode) {
  switch (mode) {
  case TransactionMode::Autocommit: return "autocommit";
  case TransactionMode::RunnerWrapped: return "transaction";
  case TransactionMode::ImplicitMulti: return "implicit-transaction";
  }
  return "autocommit";
}

namespace {
struct LayoutName {
  Layout layout;
  const char* name;
};
constexpr LayoutName kLayouts[] = {
    {Layout::SingleFile, "file"},           {Layout::Stdin, "stdin"},
    {Layout::PlainFolder, "plain"},         {Layout::GolangMigrate, "golang-migrate"},
    {Layout::FolderPerMigration, "folder"}, {Layout::Dbmate, "dbmate"},
    {Layout::Flyway, "flyway"},             {Layout::Alembic, "alembic"},
};
} // namespace

const char* to_string(Layout layout) {
  for (const auto& l : kLayouts)
    if (l.layout == layout) return l.name;
  return "file";
}

std::optional<Layout> layout_from_string(const std::string& name) {
  for (const auto& l : kLayouts)
    if (name == l.name) return l.layout;
  if (name == "diesel" || name == "sqlx") return Layout::FolderPerMigration;
  return std::nullopt;
}

bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) &&
        std::isdigit(static_cast<unsigned char>(b[j]))) {
      std::size_t i2 = i, j2 = j;
      while (i2 < a.size() && a[i2] == '0') ++i2; // leading zeros do not change the number
      while (j2 < b.size() && b[j2] == '0') ++j2;
      std::size_t ie = i2, je = j2;
      while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) ++ie;
      while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) ++je;
      if (ie - i2 != je - j2) return ie - i2 < je - j2;
      int c = a.compare(i2, ie - i2, b, j2, je - j2);
      if (c != 0) return c < 0;
      i = ie;
      j = je;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

} // namespace pgdrydock
