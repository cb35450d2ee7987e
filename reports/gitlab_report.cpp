// GitLab Code Quality (the `codequality` report artifact): a JSON array of issues, each with a
// description, check_name, fingerprint, severity and location.path / location.lines.begin.
// GitLab compares the fingerprints of the merge request's pipeline with the target branch's to
// show new and resolved findings in the MR widget, so they must not depend on line numbers
// (reports/finding_fingerprint.h).
#include <ostream>

#include <nlohmann/json.hpp>

#include "reports/builtin_renderers.h"
#include "reports/finding_fingerprint.h"
#include "reports/report_format.h"
#include "reports/snippet.h"

namespace pgdrydock {
namespace {

using nlohmann::json;

// GitLab's severities are info, minor, major, critical and blocker. An error-level finding is
// what fails the run by default (--fail-on error): major; a warning is minor.
const char* gitlab_severity(Severity s) {
  switch (s) {
  case Severity::Error:
    return "major";
  case Severity::Warning:
    return "minor";
  case Severity::Info:
    break;
  }
  return "info";
}

json issue(std::string description, const std::string& check, const std::string& fingerprint,
           const char* severity, const std::string& path, int line) {
  return {{"type", "issue"},
          {"description", std::move(description)},
          {"check_name", check},
          {"categories", json::array({"Bug Risk"})},
          {"fingerprint", fingerprint},
          {"severity", severity},
          {"location", {{"path", path}, {"lines", {{"begin", line > 0 ? line : 1}}}}}};
}

class GitlabRenderer : public ReportRenderer {
public:
  std::string_view name() const override { return "gitlab"; }

protected:
  void write(const LintResult& result, const RenderOptions&, std::ostream& out) const override {
    json issues = json::array();
    for (const auto& [f, fingerprint] : fingerprinted_findings(result))
      issues.push_back(issue(shown_message(f->message), f->rule_id, fingerprint,
                             gitlab_severity(f->severity), f->location.file, f->location.line));
    // An input error (a file that could not be read or parsed as a whole) stops the file from
    // being linted at all: the worst GitLab severity, fingerprinted by file and message.
    for (const auto& e : result.errors) {
      const std::string message = shown_message(e.message);
      issues.push_back(issue(message, "input-error", fingerprint_of("input-error", e.file, message),
                             "blocker", e.file, e.line));
    }
    out << issues.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
  }
};
const GitlabRenderer kGitlabRenderer;
} // namespace

extern const bool gitlab_report_registered = register_renderer(&kGitlabRenderer);

} // namespace pgdrydock
