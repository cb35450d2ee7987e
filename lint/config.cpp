// Placeholder: the .pgdrydock.toml reader is being written.
#include "lint/config.h"

namespace pgdrydock {

bool RuleSettings::enabled(std::string_view id) const {
  std::string key(id);
  if (!only.empty() && !only.count(key)) return false;
  return !disabled.count(key);
}

std::optional<std::string> find_config(const std::string&) { return std::nullopt; }
Config load_config(const std::string& path) {
  Config c;
  c.path = path;
  return c;
}

} // namespace pgdrydock
