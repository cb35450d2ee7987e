#include "reports/json_report.h"

#include "simulate/result/app_impact_json.h"

#include "reports/builtin_renderers.h"
#include "reports/report_format.h"
#include "reports/snippet.h"
#include "simulate/result/simulation_json.h"

namespace pgdrydock {

using nlohmann::json;

json to_json(const SourceLocation& location) {
  return {{"file", location.file}, {"line", location.line}, {"column", location.column}};
}

json to_json(const Finding& finding) {
  return {{"rule", finding.rule_id},
          {"severity", to_string(finding.severity)},
          {"location", to_json(finding.location)},
          {"message", shown_message(finding.message)},
          {"recipe", shown_recipe(finding.recipe)}};
}

json to_json(const Effect& effect) {
  return {{"relation", effect.relation},
          {"kind", to_string(effect.kind)},
          {"lock", pg_lock_name(effect.lock)},
          {"rewrite", effect.rewrite},
          {"scan", effect.scan},
          {"creates", effect.creates},
          {"blocks_reads", blocks_reads(effect.lock)},
          {"blocks_writes", blocks_writes(effect.lock)},
          {"note", effect.note},
          {"why", effect.why}};
}

json to_json(const StatementResult& statement) {
  json out = {{"location", to_json(statement.location)},
              {"text", shown_statement(statement)},
              {"kind", statement.kind},
              {"in_transaction", statement.in_transaction},
              {"effects", json::array()},
              {"findings", json::array()}};
  if (statement.inside_do_line > 0) // a DO block's statement: where its block starts
    out["inside_do_line"] = statement.inside_do_line;
  for (const auto& e : statement.effects)
    out["effects"].push_back(to_json(e));
  for (const auto& f : statement.findings)
    out["findings"].push_back(to_json(f));
  // Simulate's measurements sit beside the prediction, so a reader compares them in one place.
  // Every key is typed (simulate/result/simulation_json.h): nothing untyped is passed through.
  if (statement.measured)
    out.update(json(*statement.measured));
  return out;
}

namespace {
json to_json(const ScriptResult& script) {
  json out = {
      {"direction", to_string(script.direction)},  {"file", script.file},
      {"transaction", to_string(script.mode)},     {"transaction_reason", script.mode_reason},
      {"statement_count", script.statement_count}, {"statements", json::array()}};
  for (const auto& st : script.statements)
    out["statements"].push_back(to_json(st));
  return out;
}
} // namespace

json to_json(const MigrationResult& migration) {
  json out = {{"version", migration.version},
              {"name", migration.name},
              {"layout", to_string(migration.layout)},
              {"runner", migration.runner},
              {"has_down", migration.has_down},
              {"scripts", json::array()},
              {"findings", json::array()}};
  for (const auto& s : migration.scripts)
    out["scripts"].push_back(to_json(s));
  for (const auto& f : migration.findings)
    out["findings"].push_back(to_json(f));
  if (migration.simulation) {
    out["simulation"] = *migration.simulation;
    // The server's error may quote a value from the migration: bounded like every message.
    if (migration.simulation->error)
      out["simulation"]["error"]["message"] = shown_message(migration.simulation->error->message);
  }
  return out;
}

json to_json(const Summary& summary) {
  json out = {{"errors", summary.errors},         {"warnings", summary.warnings},
              {"infos", summary.infos},           {"files", summary.files},
              {"statements", summary.statements}, {"migrations", summary.migrations}};
  if (summary.suppressed_by_baseline > 0) // only with --baseline: the usual shape is unchanged
    out["suppressed_by_baseline"] = summary.suppressed_by_baseline;
  return out;
}

json to_json(const LintResult& result) {
  json out = {{"schema_version", kReportSchemaVersion},
              {"tool", {{"name", "pgdrydock"}, {"version", PGDRYDOCK_VERSION}}},
              {"pg_version", result.pg_version},
              {"migrations", json::array()},
              {"skipped", json::array()},
              {"errors", json::array()},
              // Recomputed so a hand-built or merged result never reports stale counts.
              {"summary", to_json(summarize(result))}};
  for (const auto& m : result.migrations)
    out["migrations"].push_back(to_json(m));
  // --app-load: the run's baseline, the application's latency with no migration running, at the
  // top level as the app_impact contract says. Each simulated migration measures one before its
  // first statement; the run's is the first of them (taken before any statement of the run).
  for (const auto& m : result.migrations)
    if (m.simulation && m.simulation->app_load) {
      out["app_baseline"] = {{"latency_ms", m.simulation->app_load->baseline}};
      break;
    }
  for (const auto& s : result.skipped)
    out["skipped"].push_back({{"path", s.path}, {"reason", s.reason}});
  for (const auto& e : result.errors)
    out["errors"].push_back({{"file", e.file},
                             {"line", e.line},
                             {"column", e.column},
                             {"message", shown_message(e.message)}});
  return out;
}

namespace {
class JsonRenderer : public ReportRenderer {
public:
  std::string_view name() const override { return "json"; }

protected:
  void write(const LintResult& result, const RenderOptions&, std::ostream& out) const override {
    // Replace rather than throw: a report must never crash on bytes the sources let through.
    out << to_json(result).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
};
const JsonRenderer kJsonRenderer;
} // namespace

extern const bool json_report_registered = register_renderer(&kJsonRenderer);

} // namespace pgdrydock
