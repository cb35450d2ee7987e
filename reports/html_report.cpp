// `--format html`: one self-contained page (inline CSS and SVG, no scripts, nothing fetched)
// with, per migration, the reversibility verdict, the replayed statements and, for each costly
// statement of a size sweep, a chart of time against rows: measured points, the fitted curve
// and the production estimate with its range. Both axes are logarithmic so that a sweep of
// 10 k..1 M rows and a 100 M-row production point fit on one chart. Every text from the
// migrations or the server is escaped.
#include <algorithm>
#include <cmath>
#include <ostream>
#include <sstream>

#include <fmt/format.h>

#include "reports/app_impact_lines.h"
#include "reports/estimate_text.h"
#include "reports/lock_column.h"
#include "reports/markup_escape.h"
#include "reports/report_format.h"
#include "reports/simulation_renderers.h"
#include "reports/snippet.h"

namespace pgdrydock {

namespace {

constexpr const char* kStyle = R"(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1100px;color:#1d2330;padding:0 1em}
h1{font-size:1.6em}h2{border-bottom:1px solid #d5dae3;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;width:100%;margin:.5em 0 1em}th,td{border:1px solid #d5dae3;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f1f3f7}td.num{text-align:right;white-space:nowrap}code{font:12px/1.3 ui-monospace,monospace;white-space:pre-wrap;word-break:break-word}
.verdict{font-size:.8em;padding:.15em .6em;border-radius:1em;margin-left:.6em;vertical-align:middle}
.verdict.ok{background:#dcf5e3;color:#17622f}.verdict.bad{background:#fde2e1;color:#8e1f1a}.verdict.warn{background:#fff1cc;color:#6b4e00}
ul.problems li{color:#8e1f1a}.warning{color:#6b4e00}
.charts{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0;border:1px solid #d5dae3;border-radius:6px;padding:.5em;background:#fff}
figcaption{font-size:.85em;max-width:520px}
svg.chart text{font:11px sans-serif;fill:#4a5263}svg.chart .axis{stroke:#8a93a6}svg.chart .grid{stroke:#eceff4}
svg.chart .fit{fill:none;stroke:#2f6fdb;stroke-width:2}svg.chart .measured{fill:#1d2330}
svg.chart .production{fill:#d8452b}svg.chart .range{stroke:#d8452b;stroke-width:2}
)";

struct Scale {
  double lo = 0, hi = 1;   // log10 domain
  double from = 0, to = 1; // pixels
  double at(double value_log) const { return from + (value_log - lo) / (hi - lo) * (to - from); }
};

// The chart of one statement's sweep; empty when there is nothing to draw.
std::string chart(const StatementResult& st) {
  const StatementSweep& swept = *st.measured->sweep;
  const std::vector<SweepPoint>& sweep = swept.points;
  // Each accessor read once: GCC 12 -O3 cannot see that a second call returns the same pointer.
  const FitCurve* fit_found = swept.fit();
  const FitCurve fit = fit_found ? *fit_found : FitCurve{};
  const EstimateResult* estimate_found = swept.estimate();
  const bool has_estimate = estimate_found != nullptr;
  const EstimateResult estimate = has_estimate ? *estimate_found : EstimateResult{};
  const double estimate_rows = static_cast<double>(estimate.rows);

  constexpr double kWidth = 520, kHeight = 280, kLeft = 70, kRight = 20, kTop = 16, kBottom = 44;
  double x_min = 1e300, x_max = 0, y_min = 1e300, y_max = 0;
  auto see_y = [&](double y) {
    if (y > 0) {
      y_min = std::min(y_min, y);
      y_max = std::max(y_max, y);
    }
  };
  for (const auto& p : sweep) {
    const double rows = std::max(1.0, p.rows);
    x_min = std::min(x_min, rows);
    x_max = std::max(x_max, rows);
    see_y(p.seconds);
  }
  if (has_estimate) {
    x_max = std::max(x_max, estimate_rows);
    see_y(estimate.high);
    see_y(estimate.low);
  }
  see_y(fit.evaluate(x_max));
  if (x_max <= 0 || y_max <= 0)
    return {};
  Scale x{std::floor(std::log10(x_min)), std::ceil(std::log10(x_max)), kLeft, kWidth - kRight};
  if (x.hi <= x.lo)
    x.hi = x.lo + 1;
  Scale y{std::floor(std::log10(y_min)), std::ceil(std::log10(y_max)), kHeight - kBottom, kTop};
  if (y.hi <= y.lo)
    y.hi = y.lo + 1;
  auto px = [&](double rows) { return x.at(std::log10(std::max(rows, std::pow(10, x.lo)))); };
  auto py = [&](double s) { return y.at(std::log10(std::max(s, std::pow(10, y.lo)))); };

  std::ostringstream svg;
  const std::string title =
      fmt::format("Time against rows for line {}: {}", st.location.line,
                  snippet(std::string_view(st.text).substr(0, st.text.find('\n')), 0, 80));
  svg << fmt::format(R"(<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{0}" )"
                     R"(height="{1}" viewBox="0 0 {0} {1}" role="img" aria-label="{2}">)",
                     kWidth, kHeight, markup_escape(title));
  svg << "<title>" << markup_escape(title) << "</title>";
  for (double e = x.lo; e <= x.hi; ++e)
    svg << fmt::format(R"(<line class="grid" x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}"/>)"
                       R"(<text x="{0:.1f}" y="{3}" text-anchor="middle">{4}</text>)",
                       x.at(e), kTop, kHeight - kBottom, kHeight - kBottom + 16,
                       markup_escape(format_rows(std::pow(10, e))));
  for (double e = y.lo; e <= y.hi; ++e)
    svg << fmt::format(R"(<line class="grid" x1="{0}" y1="{1:.1f}" x2="{2}" y2="{1:.1f}"/>)"
                       R"(<text x="{3}" y="{4:.1f}" text-anchor="end">{5}</text>)",
                       kLeft, y.at(e), kWidth - kRight, kLeft - 6, y.at(e) + 4,
                       markup_escape(format_seconds(std::pow(10, e))));
  svg << fmt::format(R"(<line class="axis" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>)"
                     R"(<line class="axis" x1="{0}" y1="{2}" x2="{3}" y2="{2}"/>)"
                     R"(<text x="{4}" y="{5}" text-anchor="middle">rows ({6})</text>)",
                     kLeft, kTop, kHeight - kBottom, kWidth - kRight, (kLeft + kWidth) / 2,
                     kHeight - 8, markup_escape(swept.target_table.value_or("")));

  // The fitted curve, sampled evenly on the log axis from the smallest size to the largest.
  std::string path;
  const double from = std::log10(x_min), to = std::log10(x_max);
  for (int i = 0; i <= 60; ++i) {
    const double rows = std::pow(10, from + (to - from) * i / 60);
    path += fmt::format("{}{:.1f},{:.1f}", i == 0 ? "M" : " L", px(rows), py(fit.evaluate(rows)));
  }
  svg << fmt::format(R"(<path class="fit" d="{}"><title>{} fit</title></path>)", path,
                     markup_escape(fit_quality(fit)));
  for (const auto& p : sweep)
    svg << fmt::format(R"(<circle class="measured" cx="{:.1f}" cy="{:.1f}" r="4">)"
                       R"(<title>measured: {} rows, {}</title></circle>)",
                       px(p.rows), py(p.seconds), markup_escape(format_rows(p.rows)),
                       markup_escape(format_seconds(p.seconds)));
  if (has_estimate) {
    const double ex = px(estimate_rows);
    svg << fmt::format(
        R"(<line class="range" x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}"/>)"
        R"(<circle class="production" cx="{0:.1f}" cy="{3:.1f}" r="6">)"
        R"(<title>production estimate: {4} rows, {5}</title></circle>)"
        R"(<text x="{0:.1f}" y="{6:.1f}" text-anchor="end">production</text>)",
        ex, py(estimate.low), py(estimate.high), py(estimate.seconds),
        markup_escape(format_rows(estimate_rows)), markup_escape(estimate_range(estimate)),
        std::max(kTop + 10, py(estimate.high) - 8));
  }
  svg << "</svg>";
  return svg.str();
}

// Worth a chart: the cost grows with rows, or it is not negligible.
bool costly(const StatementResult& st) {
  if (!st.measured || !st.measured->sweep || st.measured->sweep->points.empty())
    return false;
  const StatementSweep& sweep = *st.measured->sweep;
  if (const FitCurve* fit = sweep.fit(); fit && fit->model != GrowthModel::Constant)
    return true;
  if (const EstimateResult* e = sweep.estimate(); e && e->seconds >= 0.1)
    return true;
  for (const auto& p : sweep.points)
    if (p.seconds >= 0.01)
      return true;
  return false;
}

// Where a statement's snippet is centred: its first finding, else its start.
std::size_t focus(const StatementResult& st) {
  return st.findings.empty() ? 0 : focus_in(st, st.findings.front().location);
}

void render_script(const ScriptResult& script, std::ostream& out) {
  out << fmt::format("<h3>{} <code>{}</code> <small>({})</small></h3>\n",
                     markup_escape(to_string(script.direction)), markup_escape(script.file),
                     markup_escape(to_string(script.mode)));
  out << "<table class=\"statements\"><thead><tr><th>line</th><th>time (ms)</th><th>lock held "
         "(mode relation)</th><th>rewrite</th><th>reads blocked (ms)</th><th>writes blocked "
         "(ms)</th><th>production estimate (time, "
         "rows)</th><th>statement</th></tr></thead><tbody>\n";
  std::vector<const StatementResult*> charted;
  for (const auto& st : script.statements) {
    out << "<tr><td class=\"num\">" << st.location.line << "</td>";
    if (!st.measured) {
      out << "<td colspan=\"6\">not run</td>";
    } else {
      const StatementObservation& me = *st.measured;
      const LockColumn lock = lock_column(st);
      // The lock that matters first, each other relation on its own line.
      std::string locks = markup_escape(lock.main);
      for (const auto& other : lock.others)
        locks += "<br/>" + markup_escape(other);
      std::string estimate = "-";
      if (const EstimateResult* e = me.sweep ? me.sweep->estimate() : nullptr) {
        estimate =
            estimate_range(*e) + " on " + format_rows(static_cast<double>(e->rows)) + " rows";
        const EstimateResult* lock_hold = me.sweep->estimate(SweepMeasure::LockHold);
        if (lock_hold && lock_hold->seconds > 0)
          estimate += "; write-blocking lock held " + estimate_range(*lock_hold);
        if (const std::string w = estimate_warnings(*e); !w.empty())
          estimate += " — " + w;
      }
      out << fmt::format(
          "<td class=\"num\">{:.1f}</td><td>{}</td><td>{}</td><td class=\"num\">{:.1f}</td>"
          "<td class=\"num\">{:.1f}</td><td>{}</td>",
          me.duration_ms, locks, lock.rewrite ? "yes" : "no", me.blocked_reads_ms,
          me.blocked_writes_ms, markup_escape(estimate));
      if (costly(st))
        charted.push_back(&st);
    }
    out << "<td><code>" << markup_escape(snippet(st.text, focus(st), 400)) << "</code>";
    for (const auto& line :
         st.measured ? disagreement_lines(*st.measured) : std::vector<std::string>{})
      out << "<div class=\"warning\">" << markup_escape(line) << "</div>";
    out << "</td></tr>\n";
  }
  out << "</tbody></table>\n";
  if (charted.empty())
    return;
  out << "<div class=\"charts\">\n";
  for (const StatementResult* st : charted) {
    const std::string svg = chart(*st);
    if (svg.empty())
      continue;
    const StatementSweep& sweep = *st->measured->sweep;
    out << "<figure>" << svg << "<figcaption>line " << st->location.line << ": "
        << markup_escape(sweep_points(sweep.points));
    if (const FitCurve* fit = sweep.fit())
      out << " — " << markup_escape(fit_quality(*fit));
    if (const EstimateResult* e = sweep.estimate())
      out << "; estimate " << markup_escape(estimate_range(*e)) << " on "
          << markup_escape(format_rows(static_cast<double>(e->rows))) << " rows";
    out << "</figcaption></figure>\n";
  }
  out << "</div>\n";
}

void render_migration(const MigrationResult& m, std::ostream& out) {
  const std::string verdict = simulation_verdict(m);
  const char* tone = verdict == "reversible"                 ? "ok"
                     : verdict.rfind("FAILED", 0) == 0       ? "bad"
                     : verdict.rfind("irreversible", 0) == 0 ? "bad"
                                                             : "warn";
  out << fmt::format("<section class=\"migration\">\n<h2>{} {} <span class=\"verdict {}\">{}</span>"
                     "</h2>\n",
                     markup_escape(m.version), markup_escape(m.name), tone, markup_escape(verdict));
  if (m.simulation) {
    const MigrationSimulation& s = *m.simulation;
    if (s.seed)
      out << fmt::format("<p>Seeded {} rows in {}.", s.seed->rows,
                         markup_escape(format_seconds(s.seed->seconds)));
    if (!s.sizes.empty()) {
      std::string sizes;
      for (long long n : s.sizes)
        sizes += (sizes.empty() ? "" : ", ") + format_rows(static_cast<double>(n));
      out << " Size sweep: " << markup_escape(sizes) << " rows per table.";
    }
    out << "</p>\n<ul class=\"problems\">\n";
    if (s.error)
      out << "<li>error: " << markup_escape(shown_message(s.error->message)) << "</li>\n";
    for (const auto* lines : {&s.schema_diff, &s.data_changes, &s.leftovers})
      for (const auto& line : *lines)
        out << "<li>" << markup_escape(line) << "</li>\n";
    if (s.budget)
      for (const auto& v : s.budget->violations)
        out << "<li>over budget: " << markup_escape(v) << "</li>\n";
    out << "</ul>\n";
  }
  for (const auto& script : m.scripts)
    render_script(script, out);
  app_impact_html(m, out);
  out << "</section>\n";
}

class HtmlReport : public ReportRenderer {
public:
  std::string_view name() const override { return "html"; }

protected:
  void write(const LintResult& result, const RenderOptions&, std::ostream& out) const override {
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
           "<title>pgdrydock simulate report</title>\n<style>"
        << kStyle << "</style>\n</head>\n<body>\n<h1>pgdrydock simulate</h1>\n";
    out << fmt::format("<p>PostgreSQL {}, {} migration{}.</p>\n", result.pg_version,
                       result.migrations.size(), result.migrations.size() == 1 ? "" : "s");
    for (const auto& e : result.errors)
      out << "<p class=\"warning\">" << markup_escape(e.file) << ":" << e.line << ": "
          << markup_escape(shown_message(e.message)) << "</p>\n";
    for (const auto& m : result.migrations)
      render_migration(m, out);
    out << "</body>\n</html>\n";
  }
};

const HtmlReport instance;

} // namespace

const bool html_report_registered = register_renderer(&instance);

} // namespace pgdrydock
