// `pgdrydock simulate` for a terminal: per migration a table of replayed statements with time,
// lock held (reports/lock_column.h), blocked reads/writes and rewrites, then the reversibility
// verdict.
#include <ostream>

#include <fmt/format.h>

#include "reports/app_impact_lines.h"
#include "reports/estimate_text.h"
#include "reports/lock_column.h"
#include "reports/report_format.h"
#include "reports/simulation_renderers.h"
#include "reports/snippet.h"

namespace pgdrydock {

std::string simulation_verdict(const MigrationResult& m) {
  if (!m.simulation)
    return "not simulated";
  if (m.simulation->not_run)
    return "NOT RUN (an earlier migration failed)";
  switch (verdict_of(*m.simulation, m.has_down)) {
  case Verdict::Failed:
    return "FAILED";
  case Verdict::FailedDowngrade:
    return "FAILED (downgrade)";
  case Verdict::NoDown:
    return "irreversible (no down script)";
  case Verdict::Irreversible:
    return "irreversible";
  case Verdict::DataLost:
    return "reversible schema, data lost";
  case Verdict::Reversible:
    break;
  }
  return "reversible";
}

namespace {

std::string first_line(const std::string& text, std::size_t width) {
  return snippet(std::string_view(text).substr(0, text.find('\n')), 0, width);
}

// A size sweep's measured points, fit and production estimates under the statement's row.
void render_estimates(const StatementObservation& m, std::ostream& out) {
  if (!m.sweep)
    return;
  const StatementSweep& sweep = *m.sweep;
  out << "           sweep: " << sweep_points(sweep.points);
  if (const FitCurve* fit = sweep.fit())
    out << " (" << fit_quality(*fit) << ")";
  out << '\n';
  const EstimateResult* estimate = sweep.estimate();
  if (!estimate)
    return;
  const auto& e = *estimate;
  out << fmt::format("           estimate on {} rows of {}: {}",
                     format_rows(static_cast<double>(e.rows)), sweep.target_table.value_or("?"),
                     estimate_range(e));
  auto also = [&](SweepMeasure measure, const char* words) {
    if (const EstimateResult* other = sweep.estimate(measure))
      out << words << estimate_range(*other);
  };
  also(SweepMeasure::LockHold, ", lock held ");
  also(SweepMeasure::BlockedWrites, ", writes blocked ");
  also(SweepMeasure::BlockedReads, ", reads blocked ");
  out << '\n';
  if (const std::string w = estimate_warnings(e); !w.empty())
    out << "           estimate warning: " << w << '\n';
}

void render_script(const ScriptResult& script, std::ostream& out) {
  out << fmt::format("  {} ({}, {})\n", to_string(script.direction), script.file,
                     to_string(script.mode));
  // Every numeric header names its unit; the lock is the strongest one held after the statement.
  out << fmt::format("    {:>5}  {:>8}  {:>16}  {:>17}  {:<7}  {:<44}  {}\n", "line", "time ms",
                     "reads blocked ms", "writes blocked ms", "rewrite",
                     "lock held (mode relation)", "statement");
  for (const auto& st : script.statements) {
    if (!st.measured) {
      out << fmt::format("    {:>5}  {:>8}  {:>16}  {:>17}  {:<7}  {:<44}  {}\n", st.location.line,
                         "-", "-", "-", "-", "(not run)", first_line(st.text, 50));
      continue;
    }
    const StatementObservation& m = *st.measured;
    const LockColumn lock = lock_column(st);
    out << fmt::format("    {:>5}  {:>8.1f}  {:>16.1f}  {:>17.1f}  {:<7}  {:<44}  {}\n",
                       st.location.line, m.duration_ms, m.blocked_reads_ms, m.blocked_writes_ms,
                       lock.rewrite ? "yes" : "no", lock.main, first_line(st.text, 50));
    for (const auto& other : lock.others)
      out << "           also held: " << other << '\n';
    for (const auto& line : disagreement_lines(m))
      out << "           " << line << '\n';
    render_estimates(m, out);
    for (const auto& f : st.findings)
      out << "           lint: [" << f.rule_id << "] " << shown_message(f.message) << '\n';
  }
}

class SimulationTextReport : public ReportRenderer {
public:
  std::string_view name() const override { return "simulation-text"; }

protected:
  void write(const LintResult& result, const RenderOptions&, std::ostream& out) const override {
    for (const auto& m : result.migrations) {
      out << fmt::format("migration {} {}: {}\n", m.version, m.name, simulation_verdict(m));
      const MigrationSimulation* s = m.simulation ? &*m.simulation : nullptr;
      if (s && s->seed) {
        out << fmt::format("  seeded {} rows in {:.2f} s\n", s->seed->rows, s->seed->seconds);
        for (const auto& e : s->seed->errors)
          out << "  seed: " << e << '\n';
      }
      for (const auto& script : m.scripts)
        render_script(script, out);
      app_impact_text(m, out);
      if (!s)
        continue;
      if (s->error) {
        const SimulationError& e = *s->error;
        out << fmt::format("  error: {}:{}: {} ({})\n", e.place ? e.place->file : "",
                           e.place ? e.place->line : 0, shown_message(e.message),
                           e.place ? e.place->sqlstate : "");
        if (e.place && e.place->hint)
          out << "  hint: " << *e.place->hint << '\n';
      }
      for (const auto& t : s->empty_tables)
        out << "  WARNING left at 0 rows (timings on it not measured at size): " << t << '\n';
      for (const auto& d : s->schema_diff)
        out << "  schema: " << d << '\n';
      for (const auto& d : s->data_changes)
        out << "  data: " << d << '\n';
      for (const auto& d : s->leftovers)
        out << "  left over: " << d << '\n';
      if (s->budget)
        for (const auto& v : s->budget->violations)
          out << "  over budget: " << v << '\n';
      out << '\n';
    }
  }
};

const SimulationTextReport instance;

} // namespace

const bool simulation_text_report_registered = register_renderer(&instance);

} // namespace pgdrydock
