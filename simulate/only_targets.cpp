#include "simulate/only_targets.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace pgdrydock {

bool is_only_target(const Migration& m, const std::set<std::string>& only) {
  if (only.empty())
    return true;
  for (const auto& o : only)
    if (m.version == o || m.name == o || m.version.rfind(o, 0) == 0)
      return true;
  return false;
}

namespace {

// Up to two versions either side of where `target` would sort among the versions: the ones a
// person most likely meant. Sorted as strings; one pass, no quadratic search.
std::string nearest_versions(const MigrationSet& set, const std::string& target) {
  std::vector<std::string> versions;
  versions.reserve(set.migrations.size());
  for (const auto& m : set.migrations)
    versions.push_back(m.version);
  std::sort(versions.begin(), versions.end());
  versions.erase(std::unique(versions.begin(), versions.end()), versions.end());
  if (versions.empty())
    return "there are no migrations";
  const auto at = std::lower_bound(versions.begin(), versions.end(), target) - versions.begin();
  const auto from = std::max<std::ptrdiff_t>(0, at - 2);
  const auto to = std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(versions.size()), at + 2);
  std::string list;
  for (auto i = from; i < to; ++i)
    list += (list.empty() ? "" : ", ") + versions[static_cast<std::size_t>(i)];
  return fmt::format("nearest versions: {} (of {} migrations, {} to {})", list, versions.size(),
                     versions.front(), versions.back());
}

} // namespace

Expected<void> check_only_targets(const MigrationSet& set, const std::set<std::string>& only) {
  for (const auto& o : only) {
    const bool found = std::any_of(set.migrations.begin(), set.migrations.end(),
                                   [&](const Migration& m) { return is_only_target(m, {o}); });
    if (!found)
      return fail(usage_error(fmt::format("--only {}: no migration has this version or name; {}", o,
                                          nearest_versions(set, o))));
  }
  return {};
}

std::size_t migrations_to_visit(const MigrationSet& set, const std::set<std::string>& only) {
  if (only.empty())
    return set.migrations.size();
  for (std::size_t i = set.migrations.size(); i > 0; --i)
    if (is_only_target(set.migrations[i - 1], only))
      return i;
  return 0;
}

} // namespace pgdrydock
