// The default, human report: each finding with its location, severity, rule id and message,
// the statement it is about and the safe recipe. Colour only when asked (a terminal).
#include <ostream>

#include "reports/builtin_renderers.h"
#include "reports/report_format.h"
#include "reports/snippet.h"
#include "reports/valid_text.h"

namespace pgdrydock {
namespace {

constexpr std::size_t kExcerptLines = 6; // long statements are cut: the location leads on

// With colour on, the final pass keeps ESC for our codes: what the input holds is cleaned here.
std::string shown(std::string_view text) {
  return valid_text(text);
}

struct Style {
  bool on;
  std::string_view wrap(std::string_view code) const { return on ? code : std::string_view{}; }
  std::string_view reset() const { return on ? "\x1b[0m" : ""; }
};

std::string_view severity_color(Severity s) {
  switch (s) {
  case Severity::Error:
    return "\x1b[1;31m";
  case Severity::Warning:
    return "\x1b[1;33m";
  case Severity::Info:
    return "\x1b[1;36m";
  }
  return "";
}

void write_header(const Finding& f, const Style& st, std::ostream& out) {
  out << st.wrap("\x1b[1m") << shown(f.location.file) << ':' << f.location.line << ':'
      << f.location.column << ':' << st.reset() << ' ' << st.wrap(severity_color(f.severity))
      << to_string(f.severity) << st.reset() << ' ' << st.wrap("\x1b[2m") << '[' << shown(f.rule_id)
      << ']' << st.reset() << ' ' << shown(shown_message(f.message)) << '\n';
}

// The statement's first lines (or those around the finding), numbered like the file, so the
// reader sees what is meant; each line cut around the finding's column.
void write_excerpt(const StatementResult& s, const Finding& f, const Style& st, std::ostream& out) {
  const Excerpt e = excerpt(s.text, focus_in(s, f.location), kExcerptLines);
  if (e.first_line > 0)
    out << "      " << st.wrap("\x1b[2m") << "| ..." << st.reset() << '\n';
  int line = s.location.line + static_cast<int>(e.first_line);
  for (const auto& part : e.lines) {
    std::string number = std::to_string(line++);
    out << st.wrap("\x1b[2m") << std::string(number.size() < 5 ? 5 - number.size() : 0, ' ')
        << number << " |" << st.reset() << ' ' << shown(part) << '\n';
  }
  if (e.cut_after)
    out << "      " << st.wrap("\x1b[2m") << "| ..." << st.reset() << '\n';
}

void write_recipe(const Finding& f, const Style& st, std::ostream& out) {
  if (f.recipe.empty())
    return;
  out << "  " << st.wrap("\x1b[32m") << "use instead:" << st.reset() << '\n';
  const std::string recipe = shown(shown_recipe(f.recipe));
  std::string_view text = recipe;
  while (!text.empty()) {
    auto nl = text.find('\n');
    out << "    " << text.substr(0, nl) << '\n';
    if (nl == std::string_view::npos)
      break;
    text.remove_prefix(nl + 1);
  }
}

class TextRenderer : public ReportRenderer {
public:
  std::string_view name() const override { return "text"; }

protected:
  void write(const LintResult& result, const RenderOptions& options,
             std::ostream& out) const override {
    Style st{options.color};
    for (const auto& m : result.migrations) {
      for (const auto& script : m.scripts) {
        for (const auto& s : script.statements) {
          for (const auto& f : s.findings) {
            write_header(f, st, out);
            write_excerpt(s, f, st, out);
            write_recipe(f, st, out);
            out << '\n';
          }
          if (options.show_effects && !s.effects.empty())
            write_effects(s, out);
        }
      }
      for (const auto& f : m.findings) {
        write_header(f, st, out);
        write_recipe(f, st, out);
        out << '\n';
      }
    }
    for (const auto& skipped : result.skipped)
      out << shown(skipped.path) << ": skipped: " << shown(skipped.reason) << '\n';
  }

private:
  static void write_effects(const StatementResult& s, std::ostream& out) {
    out << shown(s.location.file) << ':' << s.location.line << ':' << s.location.column
        << ": effects of " << (s.kind.empty() ? "statement" : s.kind) << ":\n";
    for (const auto& e : s.effects) {
      out << "    " << shown(e.relation) << ": " << pg_lock_name(e.lock);
      if (!e.why.empty())
        out << " [" << shown(e.why) << ']';
      if (e.rewrite)
        out << ", rewrite";
      if (e.scan)
        out << ", scan";
      if (e.creates)
        out << ", new";
      if (!e.note.empty())
        out << " (" << shown(e.note) << ')';
      out << '\n';
    }
  }
};
const TextRenderer kTextRenderer;
} // namespace

extern const bool text_report_registered = register_renderer(&kTextRenderer);

} // namespace pgdrydock
