#include "reports/report_format.h"

#include <sstream>
#include <vector>

#include "reports/valid_text.h"

namespace pgdrydock {
namespace {
std::vector<const ReportRenderer*>& registry() {
  static std::vector<const ReportRenderer*> r;
  return r;
}
} // namespace

std::string ReportRenderer::render(const LintResult& result, const RenderOptions& options) const {
  std::ostringstream buffer;
  write(result, options, buffer);
  // Only the text report writes ESC itself (its colours); it cleans what it shows on its own.
  return valid_text(buffer.str(), options.color);
}

void ReportRenderer::render(const LintResult& result, const RenderOptions& options,
                            std::ostream& out) const {
  out << render(result, options);
}

bool register_renderer(const ReportRenderer* renderer) {
  registry().push_back(renderer);
  return true;
}

const ReportRenderer* find_renderer(std::string_view name) {
  for (const auto* r : registry())
    if (r->name() == name)
      return r;
  return nullptr;
}

std::vector<std::string_view> renderer_names() {
  std::vector<std::string_view> out;
  for (const auto* r : registry())
    out.push_back(r->name());
  return out;
}

} // namespace pgdrydock
