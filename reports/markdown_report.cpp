// A pull-request comment: a summary table of migrations, then per migration the statements
// that took strong locks, rewrote or blocked, and the reversibility findings. Kept under
// GitHub's 65,536-character limit: when the details do not fit, only the summary is kept.
#include <algorithm>
#include <ostream>
#include <sstream>

#include <fmt/format.h>

#include "reports/app_impact_lines.h"
#include "reports/estimate_text.h"
#include "reports/lock_column.h"
#include "reports/markdown_lint.h"
#include "reports/report_format.h"
#include "reports/simulation_renderers.h"
#include "reports/snippet.h"

namespace pgdrydock {

namespace {

// One table cell: one line, pipes escaped, at most 80 characters (cut between characters).
std::string cell(std::string_view text) {
  std::string out;
  for (char c : snippet(text, 0, 80)) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

// One list item: one line, as long as a message may be (a verdict's reason must stay readable:
// the difference it names comes after the object's name).
std::string bullet(std::string_view text) {
  std::string out = snippet(text, 0, kMessageChars);
  std::replace(out.begin(), out.end(), '\n', ' ');
  std::replace(out.begin(), out.end(), '\r', ' ');
  return out;
}

void summary(const LintResult& result, std::ostream& out) {
  out << "## pgdrydock simulate\n\n| migration | verdict | statements | slowest ms | longest "
         "write block ms |\n|---|---|---|---|---|\n";
  for (const auto& m : result.migrations) {
    int count = 0;
    double slowest = 0, blocked = 0;
    for (const auto& s : m.scripts)
      for (const auto& st : s.statements) {
        ++count;
        if (!st.measured)
          continue;
        slowest = std::max(slowest, st.measured->duration_ms);
        blocked = std::max(blocked, st.measured->blocked_writes_ms);
      }
    out << fmt::format("| {} {} | {} | {} | {:.1f} | {:.1f} |\n", cell(m.version), cell(m.name),
                       cell(simulation_verdict(m)), count, slowest, blocked);
  }
  out << '\n';
}

// Production estimates of a size sweep, one row per statement that has one.
void estimates(const MigrationResult& m, std::ostream& out) {
  std::ostringstream rows;
  for (const auto& s : m.scripts)
    for (const auto& st : s.statements) {
      if (!st.measured || !st.measured->sweep || !st.measured->sweep->estimate())
        continue;
      const StatementSweep& sweep = *st.measured->sweep;
      const EstimateResult& e = *sweep.estimate();
      auto range = [&](SweepMeasure measure) {
        const EstimateResult* r = sweep.estimate(measure);
        return r ? estimate_range(*r) : std::string("-");
      };
      const std::string notes = estimate_warnings(e);
      rows << fmt::format("| {} | {}:{} | `{}` | {} | {} | {} | {} | {} | {} | {} |\n",
                          to_string(s.direction), cell(s.file), st.location.line, cell(st.text),
                          cell(sweep.target_table.value_or("")),
                          format_rows(static_cast<double>(e.rows)), range(SweepMeasure::Duration),
                          range(SweepMeasure::LockHold), range(SweepMeasure::BlockedWrites),
                          fit_quality(e), notes.empty() ? "" : cell(notes));
    }
  if (rows.str().empty())
    return;
  out << "**Estimates at production size** (range: low - high)\n\n| script | line | statement "
         "| table | rows | time | lock held | writes blocked | fit | notes "
         "|\n|---|---|---|---|---|---|---|---|---|---|\n"
      << rows.str() << '\n';
}

void details(const LintResult& result, std::ostream& out) {
  for (const auto& m : result.migrations) {
    out << fmt::format("### {} {}\n\n", m.version, m.name);
    for (const auto& s : m.scripts) {
      out << fmt::format("**{}** `{}`\n\n| line | time ms | lock held (mode relation) | rewrite | "
                         "reads blocked ms | writes blocked ms | statement "
                         "|\n|---|---|---|---|---|---|---|\n",
                         to_string(s.direction), s.file);
      std::vector<std::string> disagreements;
      for (const auto& st : s.statements) {
        if (!st.measured)
          continue;
        const StatementObservation& me = *st.measured;
        const LockColumn lock = lock_column(st);
        // The lock that matters first, each other relation on its own line of the cell.
        std::string locks = cell(lock.main);
        for (const auto& other : lock.others)
          locks += "<br>" + cell(other);
        out << fmt::format("| {} | {:.1f} | {} | {} | {:.1f} | {:.1f} | `{}` |\n", st.location.line,
                           me.duration_ms, locks, lock.rewrite ? "yes" : "no", me.blocked_reads_ms,
                           me.blocked_writes_ms, cell(st.text));
        for (const auto& line : disagreement_lines(me))
          disagreements.push_back(fmt::format("{} ({}:{})", line, s.file, st.location.line));
      }
      out << '\n';
      for (const auto& line : disagreements)
        out << "- :warning: " << bullet(line) << '\n';
      if (!disagreements.empty())
        out << '\n';
    }
    estimates(m, out);
    app_impact_markdown(m, out);
    if (!m.simulation)
      continue;
    const MigrationSimulation& sim = *m.simulation;
    if (sim.budget)
      for (const auto& v : sim.budget->violations)
        out << "- :no_entry: over budget: " << v << '\n';
    if (sim.error)
      out << "- :x: " << bullet(sim.error->message) << '\n';
    for (const auto& table : sim.empty_tables)
      out << "- :warning: left at 0 rows, timings on it not measured at size: " << bullet(table)
          << '\n';
    for (const auto* lines : {&sim.schema_diff, &sim.data_changes, &sim.leftovers})
      for (const auto& line : *lines)
        out << "- " << bullet(line) << '\n';
    out << '\n';
  }
}

class MarkdownReport : public ReportRenderer {
public:
  std::string_view name() const override { return "markdown"; }

protected:
  void write(const LintResult& result, const RenderOptions&, std::ostream& out) const override {
    // A lint run has nothing simulated: its report is the findings (reports/markdown_lint.h).
    auto simulated = [](const MigrationResult& m) {
      if (m.simulation)
        return true;
      for (const auto& script : m.scripts)
        for (const auto& st : script.statements)
          if (st.measured)
            return true;
      return false;
    };
    if (std::none_of(result.migrations.begin(), result.migrations.end(), simulated)) {
      write_lint_markdown(result, out);
      return;
    }
    std::ostringstream head, body;
    summary(result, head);
    details(result, body);
    const std::string note =
        "\n_Details omitted: the full report exceeds GitHub's comment size limit; run "
        "`pgdrydock simulate --format json` for all of it._\n";
    std::string text = head.str();
    if (text.size() + body.str().size() < kMarkdownCommentLimit) {
      text += body.str();
    } else {
      if (text.size() + note.size() >= kMarkdownCommentLimit)
        text = text.substr(0, kMarkdownCommentLimit - note.size() - 1);
      text += note;
    }
    out << text;
  }
};

const MarkdownReport instance;

} // namespace

const bool markdown_report_registered = register_renderer(&instance);

} // namespace pgdrydock
