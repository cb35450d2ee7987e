// The output formats and the one entry point every renderer sits behind.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "lint/lint_result.h"

namespace pgdrydock {

struct RenderOptions {
  bool color = false;        // ANSI colour (text only; on a terminal)
  bool show_effects = false; // text: list predicted effects per statement
};

// Renderers register themselves by name ("text", "gcc", "json", ...), like rules.
class ReportRenderer {
public:
  virtual ~ReportRenderer() = default;
  virtual std::string_view name() const = 0;
  virtual void render(const LintResult& result, const RenderOptions& options,
                      std::ostream& out) const = 0;
};

const ReportRenderer* find_renderer(std::string_view name);
std::vector<std::string_view> renderer_names();
bool register_renderer(const ReportRenderer* renderer);

} // namespace pgdrydock
