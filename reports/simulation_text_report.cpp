// `pgdrydock simulate` for a terminal: per migration a table of replayed statements with time,
// lock taken, blocked reads/writes and rewrites, then the reversibility verdict.
#include <ostream>

#include <fmt/format.h>

#include "reports/estimate_text.h"
#include "reports/report_format.h"
#include "reports/simulation_renderers.h"

namespace pgdrydock {

std::string simulation_verdict(const MigrationResult& m) {
  const auto& s = m.simulation;
  if (!s.is_object())
    return "not simulated";
  if (!s["error"].is_null())
    return s.value("down_failed", false) ? "FAILED (downgrade)" : "FAILED";
  if (!m.has_down)
    return "irreversible (no down script)";
  if (!s.value("reversible", false))
    return "irreversible";
  if (s.value("lossy", false))
    return "reversible schema, data lost";
  return "reversible";
}

namespace {

std::string first_line(const std::string& text, std::size_t width) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() > width)
    line = line.substr(0, width - 3) + "...";
  return line;
}

std::string strongest_lock(const nlohmann::json& measured, bool* rewrite) {
  std::string lock = "-";
  *rewrite = false;
  int best = -1;
  for (const auto& o : measured.value("observed", nlohmann::json::array())) {
    if (o.value("rewrite", false))
      *rewrite = true;
    if (!o["lock"].is_string())
      continue;
    auto mode = lock_from_pg_name(o["lock"].get<std::string>());
    if (mode && static_cast<int>(*mode) > best) {
      best = static_cast<int>(*mode);
      lock = o["lock"].get<std::string>() + " " + o["relation"].get<std::string>();
    }
  }
  return lock;
}

// A size sweep's measured points, fit and production estimates under the statement's row.
void render_estimates(const nlohmann::json& m, std::ostream& out) {
  if (!m.contains("sweep"))
    return;
  out << "           sweep: " << sweep_points(m["sweep"]);
  if (m.contains("fit"))
    out << " (" << fit_quality(m["fit"]) << ")";
  out << '\n';
  if (!m.contains("estimate"))
    return;
  const auto& e = m["estimate"];
  out << fmt::format("           estimate on {} rows of {}: {}", format_rows(e.value("rows", 0.0)),
                     m.value("target_table", "?"), estimate_range(e));
  if (m.contains("lock_estimate"))
    out << ", lock held " << estimate_range(m["lock_estimate"]);
  if (m.contains("blocked_writes_estimate"))
    out << ", writes blocked " << estimate_range(m["blocked_writes_estimate"]);
  if (m.contains("blocked_reads_estimate"))
    out << ", reads blocked " << estimate_range(m["blocked_reads_estimate"]);
  out << '\n';
  if (const std::string w = estimate_warnings(e); !w.empty())
    out << "           estimate warning: " << w << '\n';
}

void render_script(const ScriptResult& script, std::ostream& out) {
  out << fmt::format("  {} ({}, {})\n", to_string(script.direction), script.file,
                     to_string(script.mode));
  out << fmt::format("    {:>5}  {:>10}  {:>10}  {:>10}  {:<7}  {:<44}  {}\n", "line", "time ms",
                     "reads blk", "writes blk", "rewrite", "lock taken", "statement");
  for (const auto& st : script.statements) {
    const auto& m = st.measured;
    if (!m.is_object()) {
      out << fmt::format("    {:>5}  {:>10}  {:>10}  {:>10}  {:<7}  {:<44}  {}\n", st.location.line,
                         "-", "-", "-", "-", "(not run)", first_line(st.text, 50));
      continue;
    }
    bool rewrite = false;
    std::string lock = strongest_lock(m, &rewrite);
    out << fmt::format("    {:>5}  {:>10.1f}  {:>10.1f}  {:>10.1f}  {:<7}  {:<44}  {}\n",
                       st.location.line, m.value("duration_ms", 0.0),
                       m.value("blocked_reads_ms", 0.0), m.value("blocked_writes_ms", 0.0),
                       rewrite ? "yes" : "no", lock, first_line(st.text, 50));
    for (const auto& mm : m.value("mismatch", nlohmann::json::array()))
      out << "           model mismatch: " << mm.get<std::string>() << '\n';
    render_estimates(m, out);
    for (const auto& f : st.findings)
      out << "           lint: [" << f.rule_id << "] " << f.message << '\n';
  }
}

class SimulationTextReport : public ReportRenderer {
public:
  std::string_view name() const override { return "simulation-text"; }
  void render(const LintResult& result, const RenderOptions&, std::ostream& out) const override {
    for (const auto& m : result.migrations) {
      out << fmt::format("migration {} {}: {}\n", m.version, m.name, simulation_verdict(m));
      const auto& s = m.simulation;
      if (s.is_object() && s.contains("seed"))
        out << fmt::format("  seeded {} rows in {:.2f} s\n", s["seed"].value("rows", 0LL),
                           s["seed"].value("seconds", 0.0));
      if (s.is_object() && s.contains("seed") && s["seed"].contains("errors"))
        for (const auto& e : s["seed"]["errors"])
          out << "  seed: " << e.get<std::string>() << '\n';
      for (const auto& script : m.scripts)
        render_script(script, out);
      if (!s.is_object())
        continue;
      if (!s["error"].is_null()) {
        const auto& e = s["error"];
        out << fmt::format("  error: {}:{}: {} ({})\n",
                           e.contains("location") ? e["location"].value("file", "") : "",
                           e.contains("location") ? e["location"].value("line", 0) : 0,
                           e.value("message", ""), e.value("sqlstate", ""));
        if (e.contains("hint") && e["hint"].is_string())
          out << "  hint: " << e["hint"].get<std::string>() << '\n';
      }
      for (const auto& d : s.value("schema_diff", nlohmann::json::array()))
        out << "  schema: " << d.get<std::string>() << '\n';
      for (const auto& d : s.value("data_changes", nlohmann::json::array()))
        out << "  data: " << d.get<std::string>() << '\n';
      for (const auto& d : s.value("leftovers", nlohmann::json::array()))
        out << "  left over: " << d.get<std::string>() << '\n';
      if (s.contains("budget"))
        for (const auto& v : s["budget"].value("violations", nlohmann::json::array()))
          out << "  over budget: " << v.get<std::string>() << '\n';
      out << '\n';
    }
  }
};

const SimulationTextReport instance;

} // namespace

const bool simulation_text_report_registered = register_renderer(&instance);

} // namespace pgdrydock
