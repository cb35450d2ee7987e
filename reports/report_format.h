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
  // The whole report, rendered by write() and passed through valid_text() (valid UTF-8, no
  // character XML 1.0 or a terminal must not see), whatever bytes the result holds. Throws what
  // write() throws, having written nothing: a report is complete or absent, never cut.
  std::string render(const LintResult& result, const RenderOptions& options) const;
  void render(const LintResult& result, const RenderOptions& options, std::ostream& out) const;

protected:
  // The format itself. Text it did not write goes through snippet.h, so its size stays bounded.
  virtual void write(const LintResult& result, const RenderOptions& options,
                     std::ostream& out) const = 0;
};

const ReportRenderer* find_renderer(std::string_view name);
std::vector<std::string_view> renderer_names();
bool register_renderer(const ReportRenderer* renderer);

} // namespace pgdrydock
