// JUnit XML, for CI systems that show test results: one test suite per script file, one test
// case per statement (failing when it has findings), input errors as errored test cases.
#include <ostream>
#include <sstream>

#include "reports/builtin_renderers.h"
#include "reports/markup_escape.h"
#include "reports/report_format.h"
#include "reports/snippet.h"

namespace pgdrydock {
namespace {

std::string finding_text(const Finding& f) {
  std::string text = f.location.file + ":" + std::to_string(f.location.line) + ":" +
                     std::to_string(f.location.column) + ": " + to_string(f.severity) + " [" +
                     f.rule_id + "] " + shown_message(f.message);
  if (!f.recipe.empty())
    text += "\nUse instead:\n" + shown_recipe(f.recipe);
  return text;
}

struct Suite {
  std::string name;
  int tests = 0;
  int failures = 0;
  int errors = 0;
  std::ostringstream cases;
};

void add_case(Suite& suite, const std::string& name, const std::vector<Finding>& findings) {
  ++suite.tests;
  suite.cases << "    <testcase classname=\"" << markup_escape(suite.name) << "\" name=\""
              << markup_escape(name) << "\"";
  if (findings.empty()) {
    suite.cases << "/>\n";
    return;
  }
  ++suite.failures;
  std::string rules, text;
  for (const auto& f : findings) {
    rules += (rules.empty() ? "" : " ") + f.rule_id;
    text += (text.empty() ? "" : "\n\n") + finding_text(f);
  }
  suite.cases << ">\n      <failure message=\""
              << markup_escape(shown_message(findings.front().message)) << "\" type=\""
              << markup_escape(rules) << "\">" << markup_escape(text)
              << "</failure>\n    </testcase>\n";
}

void write_suite(const Suite& s, std::ostream& out) {
  out << "  <testsuite name=\"" << markup_escape(s.name) << "\" tests=\"" << s.tests
      << "\" failures=\"" << s.failures << "\" errors=\"" << s.errors << "\">\n"
      << s.cases.str() << "  </testsuite>\n";
}

class JunitRenderer : public ReportRenderer {
public:
  std::string_view name() const override { return "junit"; }

protected:
  void write(const LintResult& result, const RenderOptions&, std::ostream& out) const override {
    std::vector<Suite> suites;
    for (const auto& m : result.migrations) {
      for (const auto& script : m.scripts) {
        auto& suite = suites.emplace_back();
        suite.name = script.file + " (" + to_string(script.direction) + ")";
        for (const auto& st : script.statements)
          add_case(suite,
                   "line " + std::to_string(st.location.line) +
                       (st.kind.empty() ? std::string() : ": " + st.kind),
                   st.findings);
      }
      if (!m.findings.empty()) {
        auto& suite = suites.emplace_back();
        suite.name = "migration " + m.version;
        add_case(suite, m.name.empty() ? m.version : m.name, m.findings);
      }
    }
    if (!result.errors.empty()) {
      auto& suite = suites.emplace_back();
      suite.name = "input";
      for (const auto& e : result.errors) {
        ++suite.tests;
        ++suite.errors;
        suite.cases << "    <testcase classname=\"input\" name=\"" << markup_escape(e.file)
                    << "\">\n      <error message=\"" << markup_escape(shown_message(e.message))
                    << "\">"
                    << markup_escape(e.file + ":" + std::to_string(e.line) + ": " +
                                     shown_message(e.message))
                    << "</error>\n    </testcase>\n";
      }
    }
    int tests = 0, failures = 0, errors = 0;
    for (const auto& s : suites) {
      tests += s.tests;
      failures += s.failures;
      errors += s.errors;
    }
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<testsuites name=\"pgdrydock\" tests=\"" << tests << "\" failures=\"" << failures
        << "\" errors=\"" << errors << "\">\n";
    for (const auto& s : suites)
      write_suite(s, out);
    out << "</testsuites>\n";
  }
};
const JunitRenderer kJunitRenderer;
} // namespace

extern const bool junit_report_registered = register_renderer(&kJunitRenderer);

} // namespace pgdrydock
