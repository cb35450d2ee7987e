// GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=RULE::MESSAGE`, which the
// runner turns into annotations on the pull request's diff.
#include <ostream>

#include "reports/builtin_renderers.h"
#include "reports/report_format.h"
#include "reports/snippet.h"

namespace pgdrydock {
namespace {

// The runner's escaping: data may not hold % CR LF; property values also not : or ,.
std::string escape_data(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '%':
      out += "%25";
      break;
    case '\r':
      out += "%0D";
      break;
    case '\n':
      out += "%0A";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string escape_property(std::string_view text) {
  std::string out;
  for (char c : escape_data(text)) {
    switch (c) {
    case ':':
      out += "%3A";
      break;
    case ',':
      out += "%2C";
      break;
    default:
      out += c;
    }
  }
  return out;
}

// GitHub's workflow commands are ::error, ::warning and ::notice.
const char* command_for(Severity s) {
  return s == Severity::Info ? "notice" : to_string(s);
}

class GithubRenderer : public ReportRenderer {
public:
  std::string_view name() const override { return "github"; }

protected:
  void write(const LintResult& result, const RenderOptions&, std::ostream& out) const override {
    for (const auto& e : result.errors) {
      out << "::error file=" << escape_property(e.file);
      if (e.line > 0)
        out << ",line=" << e.line;
      if (e.column > 0)
        out << ",col=" << e.column;
      out << ",title=input error::" << escape_data(shown_message(e.message)) << '\n';
    }
    for (const Finding* f : all_findings(result)) {
      out << "::" << command_for(f->severity) << " file=" << escape_property(f->location.file)
          << ",line=" << f->location.line << ",col=" << f->location.column
          << ",title=" << escape_property(f->rule_id)
          << "::" << escape_data(shown_message(f->message));
      if (!f->recipe.empty())
        out << escape_data("\n\nUse instead:\n" + shown_recipe(f->recipe));
      out << '\n';
    }
  }
};
const GithubRenderer kGithubRenderer;
} // namespace

extern const bool github_report_registered = register_renderer(&kGithubRenderer);

} // namespace pgdrydock
