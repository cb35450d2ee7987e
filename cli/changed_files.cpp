#include "cli/changed_files.h"

#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "cli/common_options.h"

namespace pgdrydock {
namespace {

// The same file named two ways ("migrations/x.sql", "./migrations/x.sql", an absolute path)
// must compare equal; weakly_canonical also copes with a file that no longer exists.
std::string same_file_key(const std::string& path) {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::weakly_canonical(path, ec);
  return ec ? std::filesystem::absolute(path).lexically_normal().string() : p.string();
}

// Whether `key` (a same_file_key) is one of `roots` or inside one of them.
bool inside_any(const std::string& key, const std::vector<std::string>& roots) {
  for (const auto& root : roots) {
    if (key == root)
      return true;
    if (key.size() > root.size() && key.compare(0, root.size(), root) == 0 &&
        (root.back() == '/' || key[root.size()] == '/'))
      return true;
  }
  return false;
}

} // namespace

std::vector<std::string> files_inside(const std::vector<std::string>& history_paths,
                                      const std::vector<std::string>& files) {
  std::vector<std::string> roots;
  for (const auto& p : history_paths)
    roots.push_back(same_file_key(p));
  std::vector<std::string> out;
  for (const auto& f : files)
    if (inside_any(same_file_key(f), roots))
      out.push_back(f);
  return out;
}

std::vector<std::size_t> migrations_touching(const MigrationSet& set,
                                             const std::vector<std::string>& history_paths,
                                             const std::vector<std::string>& changed) {
  std::vector<std::size_t> out;
  std::set<std::string> wanted;
  for (const auto& c : changed)
    wanted.insert(same_file_key(c));
  std::set<std::string> found;
  for (std::size_t i = 0; i < set.migrations.size(); ++i) {
    const Migration& m = set.migrations[i];
    bool touched = false;
    for (const Script* s : {&m.up, m.down ? &*m.down : nullptr}) {
      if (!s || !s->file)
        continue;
      std::string key = same_file_key(s->file->path());
      if (wanted.count(key)) {
        touched = true;
        found.insert(key);
      }
    }
    if (touched)
      out.push_back(i);
  }
  std::vector<std::string> roots;
  for (const auto& p : history_paths)
    roots.push_back(same_file_key(p));
  for (const auto& c : changed)
    if (std::string key = same_file_key(c); !found.count(key) && !inside_any(key, roots))
      throw ErrorException(
          usage_error(fmt::format("--changed {}: not a migration of the history the paths name "
                                  "(name the folder that holds it)",
                                  c)));
  return out;
}

} // namespace pgdrydock
