#include <algorithm>
#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "reports/app_impact_lines.h"
#include "reports/estimate_text.h"
#include "reports/markup_escape.h"

namespace pgdrydock {
namespace {

// Latency on a log scale (1 ms .. the worst seen): a 2 ms baseline and a 3 s queue on one
// chart. Styles inline: the chart needs none of the page's classes.
std::string timeline(const AppRun& run) {
  if (run.timeline.empty())
    return {};
  constexpr double kWidth = 1000, kHeight = 220, kLeft = 60, kRight = 10, kTop = 10, kBottom = 30;
  double t_max = 1, y_max = 10;
  for (const auto& p : run.timeline) {
    t_max = std::max(t_max, p.at_ms);
    y_max = std::max(y_max, p.latency_ms);
  }
  for (const auto& b : run.bands)
    t_max = std::max(t_max, b.to_ms);
  const double log_max = std::log10(y_max);
  auto x = [&](double t) { return kLeft + t / t_max * (kWidth - kLeft - kRight); };
  auto y = [&](double ms) {
    const double l = std::log10(std::max(1.0, ms));
    return kHeight - kBottom - l / log_max * (kHeight - kTop - kBottom);
  };
  std::ostringstream svg;
  svg << fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" )"
                     R"(style="font:11px sans-serif">)",
                     kWidth, kHeight);
  svg << "<title>application latency over the replay</title>";
  for (const auto& b : run.bands)
    svg << fmt::format(R"(<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" )"
                       R"(fill="#f3c9a8" opacity="0.7"><title>{} ({})</title></rect>)",
                       x(b.from_ms), kTop, std::max(1.0, x(b.to_ms) - x(b.from_ms)),
                       kHeight - kTop - kBottom, markup_escape(b.statement),
                       markup_escape(format_seconds((b.to_ms - b.from_ms) / 1000)));
  for (double ms = 1; ms <= y_max; ms *= 10)
    svg << fmt::format(R"(<line x1="{0}" y1="{1:.1f}" x2="{2}" y2="{1:.1f}" stroke="#eceff4"/>)"
                       R"(<text x="4" y="{1:.1f}">{3}</text>)",
                       kLeft, y(ms), kWidth - kRight, markup_escape(format_seconds(ms / 1000)));
  std::string path;
  for (const auto& p : run.timeline)
    path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "M" : " L", x(p.at_ms), y(p.latency_ms));
  svg << fmt::format(R"(<path d="{}" fill="none" stroke="#2f6fdb" stroke-width="1.5"/>)", path);
  svg << fmt::format(
      R"(<text x="{}" y="{}">0</text><text x="{}" y="{}" text-anchor="end">{}</text>)", kLeft,
      kHeight - 10, kWidth - kRight, kHeight - 10, markup_escape(format_seconds(t_max / 1000)));
  svg << "</svg>";
  return svg.str();
}

} // namespace

void app_impact_html(const MigrationResult& m, std::ostream& out) {
  if (!m.simulation || !m.simulation->app_load)
    return;
  const AppRun& run = *m.simulation->app_load;
  out << "<h3>Application under load</h3>\n<p>Baseline (no migration running): "
      << markup_escape(app_latency_text(run.baseline)) << ".</p>\n";
  out << "<table><thead><tr><th>script</th><th>line</th><th>queries</th><th>blocked</th>"
         "<th>longest blocked</th><th>p99</th><th>max</th><th>statement waited</th>"
         "<th>attempts</th><th>queued behind it</th></tr></thead><tbody>\n";
  for_each_app_impact(m, [&](const ScriptResult& s, const StatementResult& st, const AppImpact& a) {
    out << fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
                       "<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td>"
                       "<td class=\"num\">{}</td><td class=\"num\">{}</td>"
                       "<td class=\"num\">{}</td><td>{}</td></tr>\n",
                       markup_escape(to_string(s.direction)), st.location.line, a.queries,
                       a.blocked, markup_escape(format_seconds(a.longest_blocked_ms / 1000)),
                       markup_escape(app_p99_change(run.baseline, a)),
                       markup_escape(format_seconds(a.latency_ms.max / 1000)),
                       markup_escape(format_seconds(a.ddl_wait_ms / 1000)), a.attempts,
                       a.queued_behind_ddl ? "yes" : "no");
  });
  out << "</tbody></table>\n";
  if (const std::string svg = timeline(run); !svg.empty())
    out << "<figure>" << svg
        << "<figcaption>Worst application latency (log scale) over the replay; shaded: the "
           "statements.</figcaption></figure>\n";
}

} // namespace pgdrydock
