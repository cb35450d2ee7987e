// gcc style: `FILE:LINE:COL: SEVERITY: MESSAGE [RULE-ID]`, one line per finding, the form
// editors, CI problem matchers and pre-commit parse.
#include <ostream>

#include "reports/builtin_renderers.h"
#include "reports/report_format.h"
#include "reports/snippet.h"

namespace pgdrydock {
namespace {

// A finding must stay on its one line: fold any line breaks in the message.
std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text)
    out += (c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

class GccRenderer : public ReportRenderer {
public:
  std::string_view name() const override { return "gcc"; }

protected:
  void write(const LintResult& result, const RenderOptions&, std::ostream& out) const override {
    for (const Finding* f : all_findings(result))
      out << one_line(f->location.file) << ':' << f->location.line << ':' << f->location.column
          << ": " << to_string(f->severity) << ": " << one_line(shown_message(f->message)) << " ["
          << f->rule_id << "]\n";
  }
};
const GccRenderer kGccRenderer;
} // namespace

extern const bool gcc_report_registered = register_renderer(&kGccRenderer);

} // namespace pgdrydock
