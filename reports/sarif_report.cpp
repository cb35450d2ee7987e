// SARIF 2.1.0 (OASIS): what GitHub code scanning and many IDEs import.
#include <map>
#include <ostream>

#include <nlohmann/json.hpp>

#include "lint/rule_registry.h"
#include "reports/builtin_renderers.h"
#include "reports/report_format.h"
#include "reports/snippet.h"

namespace pgdrydock {
namespace {

using nlohmann::json;

// SARIF's levels are error, warning and note.
const char* sarif_level(Severity s) {
  return s == Severity::Info ? "note" : to_string(s);
}

json physical_location(const std::string& file, int line, int column) {
  json region = json::object();
  if (line > 0)
    region["startLine"] = line;
  if (column > 0)
    region["startColumn"] = column;
  json loc = {{"artifactLocation", {{"uri", file}}}};
  if (!region.empty())
    loc["region"] = region;
  return {{"physicalLocation", loc}};
}

// Only the rules that have results are described, so the log does not change when an
// unrelated rule is added.
json rule_descriptors(const LintResult& result, std::map<std::string, int>& index) {
  json rules = json::array();
  for (const Finding* f : all_findings(result)) {
    if (index.count(f->rule_id))
      continue;
    index[f->rule_id] = 0;
  }
  int i = 0;
  for (auto& [id, position] : index) {
    position = i++;
    json rule = {{"id", id}};
    if (const Rule* r = RuleRegistry::instance().find(id)) {
      rule["shortDescription"] = {{"text", std::string(r->summary())}};
      rule["defaultConfiguration"] = {{"level", sarif_level(r->default_severity())}};
    }
    rules.push_back(rule);
  }
  return rules;
}

class SarifRenderer : public ReportRenderer {
public:
  std::string_view name() const override { return "sarif"; }

protected:
  void write(const LintResult& result, const RenderOptions&, std::ostream& out) const override {
    std::map<std::string, int> index;
    json driver = {{"name", "pgdrydock"},
                   {"version", PGDRYDOCK_VERSION},
                   {"rules", rule_descriptors(result, index)}};
    json results = json::array();
    for (const Finding* f : all_findings(result)) {
      std::string text = shown_message(f->message);
      if (!f->recipe.empty())
        text += "\nUse instead:\n" + shown_recipe(f->recipe);
      results.push_back(
          {{"ruleId", f->rule_id},
           {"ruleIndex", index[f->rule_id]},
           {"level", sarif_level(f->severity)},
           {"message", {{"text", text}}},
           {"locations", json::array({physical_location(f->location.file, f->location.line,
                                                        f->location.column)})}});
    }
    json notifications = json::array();
    for (const auto& e : result.errors)
      notifications.push_back(
          {{"level", "error"},
           {"message", {{"text", shown_message(e.message)}}},
           {"locations", json::array({physical_location(e.file, e.line, e.column)})}});
    json log = {
        {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
        {"version", "2.1.0"},
        {"runs",
         json::array(
             {{{"tool", {{"driver", driver}}},
               {"results", results},
               {"invocations", json::array({{{"executionSuccessful", result.errors.empty()},
                                             {"toolExecutionNotifications", notifications}}})}}})}};
    out << log.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
  }
};
const SarifRenderer kSarifRenderer;
} // namespace

extern const bool sarif_report_registered = register_renderer(&kSarifRenderer);

} // namespace pgdrydock
