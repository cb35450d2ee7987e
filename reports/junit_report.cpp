// JUnit XML, for CI systems that show test results: one test suite per script file, one test
// case per statement (failing when it has findings), input errors as errored test cases.
#include <ostream>
#include <sstream>

#include "reports/builtin_renderers.h"
#include "reports/report_format.h"

namespace pgdrydock {
namespace {

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;";
      break;
    default:
      // XML 1.0 forbids most control characters even when escaped.
      if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r')
        out += "\xEF\xBF\xBD";
      else
        out += c;
    }
  }
  return out;
}

std::string finding_text(const Finding& f) {
  std::string text = f.location.file + ":" + std::to_string(f.location.line) + ":" +
                     std::to_string(f.location.column) + ": " + to_string(f.severity) + " [" +
                     f.rule_id + "] " + f.message;
  if (!f.recipe.empty())
    text += "\nUse instead:\n" + f.recipe;
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
  suite.cases << "    <testcase classname=\"" << xml_escape(suite.name) << "\" name=\""
              << xml_escape(name) << "\"";
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
  suite.cases << ">\n      <failure message=\"" << xml_escape(findings.front().message)
              << "\" type=\"" << xml_escape(rules) << "\">" << xml_escape(text)
              << "</failure>\n    </testcase>\n";
}

void write_suite(const Suite& s, std::ostream& out) {
  out << "  <testsuite name=\"" << xml_escape(s.name) << "\" tests=\"" << s.tests
      << "\" failures=\"" << s.failures << "\" errors=\"" << s.errors << "\">\n"
      << s.cases.str() << "  </testsuite>\n";
}

class JunitRenderer : public ReportRenderer {
public:
  std::string_view name() const override { return "junit"; }
  void render(const LintResult& result, const RenderOptions&, std::ostream& out) const override {
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
        suite.cases << "    <testcase classname=\"input\" name=\"" << xml_escape(e.file)
                    << "\">\n      <error message=\"" << xml_escape(e.message) << "\">"
                    << xml_escape(e.file + ":" + std::to_string(e.line) + ": " + e.message)
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
