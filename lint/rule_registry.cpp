#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "lint/rule_registry.h"

#include "lint/support/error.h"

namespace pgdrydock {

const char* to_string(Severity s) {
  switch (s) {
  case Severity::Info:
    return "info";
  case Severity::Warning:
    return "warning";
  case Severity::Error:
    return "error";
  }
  return "warning";
}

std::optional<Severity> severity_from_string(std::string_view s) {
  if (s == "info")
    return Severity::Info;
  if (s == "warning")
    return Severity::Warning;
  if (s == "error")
    return Severity::Error;
  return std::nullopt;
}

RuleRegistry& RuleRegistry::instance() {
  static RuleRegistry registry;
  return registry;
}

void RuleRegistry::add(std::unique_ptr<Rule> rule) {
  auto pos = std::lower_bound(rules_.begin(), rules_.end(), rule->id(),
                              [](const auto& r, std::string_view id) { return r->id() < id; });
  if (pos != rules_.end() && (*pos)->id() == rule->id())
    throw ErrorException(
        internal_error("two rules register the id '" + std::string(rule->id()) + "'"));
  rules_.insert(pos, std::move(rule));
}

bool register_rule(std::unique_ptr<Rule> rule) noexcept {
  try {
    RuleRegistry::instance().add(std::move(rule));
  } catch (const std::exception& e) {
    // Static initialisation: no caller to return an error to. A build with a duplicate id
    // must not start at all.
    std::fprintf(stderr, "pgdrydock: internal error: %s (rules/*.cpp)\n", e.what());
    std::abort();
  }
  return true;
}

const Rule* RuleRegistry::find(std::string_view id) const {
  for (const auto& r : rules_)
    if (r->id() == id)
      return r.get();
  return nullptr;
}

} // namespace pgdrydock
