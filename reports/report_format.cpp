#include "reports/report_format.h"

#include <vector>

namespace pgdrydock {
namespace {
std::vector<const ReportRenderer*>& registry() {
  static std::vector<const ReportRenderer*> r;
  return r;
}
} // namespace

bool register_renderer(const ReportRenderer* renderer) {
  registry().push_back(renderer);
  return true;
}

const ReportRenderer* find_renderer(std::string_view name) {
  for (const auto* r : registry())
    if (r->name() == name) return r;
  return nullptr;
}

std::vector<std::string_view> renderer_names() {
  std::vector<std::string_view> out;
  for (const auto* r : registry()) out.push_back(r->name());
  return out;
}

} // namespace pgdrydock
