#include "cli/baseline.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/atomic_write.h"
#include "reports/finding_fingerprint.h"

namespace pgdrydock {
namespace {

constexpr int kBaselineFormat = 1;

// The 1-based line of byte offset `byte` in `text` (nlohmann reports parse errors by byte).
int line_of_byte(const std::string& text, std::size_t byte) {
  byte = std::min(byte, text.size());
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(byte), '\n'));
}

Error baseline_error(const std::string& path, int line, std::string message) {
  return Error{path, line, 0, std::move(message), ErrorKind::Input};
}

} // namespace

Expected<Baseline> read_baseline(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return fail(baseline_error(path, 0,
                               "cannot read the baseline file (write one with "
                               "--write-baseline)"));
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return fail(baseline_error(path, line_of_byte(text, e.byte ? e.byte - 1 : 0),
                               "not a pgdrydock baseline: the JSON does not parse"));
  }
  auto bad = [&](std::string what) {
    return fail(baseline_error(path, 0, "not a pgdrydock baseline: " + what));
  };
  if (!doc.is_object() || !doc.contains("findings") || !doc["findings"].is_array())
    return bad("no \"findings\" list");
  if (doc.value("format", 0) != kBaselineFormat)
    return bad(fmt::format("format {} is not the format this pgdrydock reads ({})",
                           doc.value("format", 0), kBaselineFormat));
  Baseline baseline{path, {}};
  for (const auto& f : doc["findings"]) {
    if (!f.is_object() || !f.contains("fingerprint") || !f["fingerprint"].is_string())
      return bad("a finding without a \"fingerprint\"");
    baseline.fingerprints.insert(f["fingerprint"].get<std::string>());
  }
  return baseline;
}

Expected<std::size_t> write_baseline(const std::string& path, const LintResult& result) {
  nlohmann::json findings = nlohmann::json::array();
  for (const FingerprintedFinding& ff : fingerprinted_findings(result)) {
    const Finding& f = *ff.finding;
    // rule/file/line are for the reader of a diff of this file; only the fingerprint is read.
    findings.push_back({{"fingerprint", ff.fingerprint},
                        {"rule", f.rule_id},
                        {"file", f.location.file},
                        {"line", f.location.line}});
  }
  nlohmann::json doc = {{"format", kBaselineFormat}, {"tool", "pgdrydock"}, {"findings", findings}};
  if (Expected<void> written = write_atomically(path, doc.dump(2) + "\n"); !written)
    return fail(written.error());
  return findings.size();
}

void apply_baseline(LintResult& result, const Baseline& baseline, bool keep_all_statements) {
  std::unordered_set<const Finding*> known;
  for (const FingerprintedFinding& ff : fingerprinted_findings(result))
    if (baseline.fingerprints.count(ff.fingerprint))
      known.insert(ff.finding);
  if (known.empty())
    return;
  auto drop_known = [&](std::vector<Finding>& findings) {
    std::vector<Finding> kept;
    kept.reserve(findings.size());
    for (Finding& f : findings)
      if (!known.count(&f))
        kept.push_back(std::move(f));
    findings = std::move(kept);
  };
  for (MigrationResult& m : result.migrations) {
    for (ScriptResult& s : m.scripts) {
      for (StatementResult& st : s.statements)
        if (!st.findings.empty())
          drop_known(st.findings);
      if (!keep_all_statements)
        std::erase_if(s.statements, [](const StatementResult& st) { return st.findings.empty(); });
    }
    drop_known(m.findings);
  }
  result.suppressed_by_baseline = static_cast<int>(known.size());
  result.summary = summarize(result);
}

} // namespace pgdrydock
