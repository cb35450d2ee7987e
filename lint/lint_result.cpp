#include "lint/lint_result.h"

#include <set>

#include "lint/support/error.h"

namespace pgdrydock {

const char* to_string(Direction d) {
  return d == Direction::Up ? "up" : "down";
}

std::size_t MigrationResult::finding_count() const {
  std::size_t n = findings.size();
  for (const auto& s : scripts)
    for (const auto& st : s.statements)
      n += st.findings.size();
  return n;
}

std::vector<const Finding*> all_findings(const LintResult& result) {
  std::vector<const Finding*> out;
  for (const auto& m : result.migrations) {
    for (const auto& s : m.scripts)
      for (const auto& st : s.statements)
        for (const auto& f : st.findings)
          out.push_back(&f);
    for (const auto& f : m.findings)
      out.push_back(&f);
  }
  return out;
}

Summary summarize(const LintResult& result) {
  Summary s;
  std::set<std::string> files;
  for (const auto& m : result.migrations) {
    ++s.migrations;
    for (const auto& sc : m.scripts) {
      files.insert(sc.file);
      s.statements += sc.statement_count;
    }
  }
  for (const Finding* f : all_findings(result)) {
    switch (f->severity) {
    case Severity::Error:
      ++s.errors;
      break;
    case Severity::Warning:
      ++s.warnings;
      break;
    case Severity::Info:
      ++s.infos;
      break;
    }
  }
  s.files = static_cast<int>(files.size());
  s.suppressed_by_baseline = result.suppressed_by_baseline;
  return s;
}

} // namespace pgdrydock
