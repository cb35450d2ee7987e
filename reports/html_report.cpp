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

#include "reports/estimate_text.h"
#include "reports/markup_escape.h"
#include "reports/report_format.h"
#include "reports/simulation_renderers.h"

namespace pgdrydock {

namespace {

using nlohmann::json;

std::string short_text(const std::string& text, std::size_t width) {
  return text.size() > width ? text.substr(0, width - 3) + "..." : text;
}

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
  const json& me = st.measured;
  const json& sweep = me["sweep"];
  const json fit = me.value("fit", json::object());
  const bool has_estimate = me.contains("estimate");
  const json estimate = has_estimate ? me["estimate"] : json::object();

  constexpr double kWidth = 520, kHeight = 280, kLeft = 70, kRight = 20, kTop = 16, kBottom = 44;
  double x_min = 1e300, x_max = 0, y_min = 1e300, y_max = 0;
  auto see_y = [&](double y) {
    if (y > 0) {
      y_min = std::min(y_min, y);
      y_max = std::max(y_max, y);
    }
  };
  for (const auto& p : sweep) {
    const double rows = std::max(1.0, p.value("rows", 0.0));
    x_min = std::min(x_min, rows);
    x_max = std::max(x_max, rows);
    see_y(p.value("seconds", 0.0));
  }
  if (has_estimate) {
    x_max = std::max(x_max, estimate.value("rows", 0.0));
    see_y(estimate.value("high", 0.0));
    see_y(estimate.value("low", 0.0));
  }
  see_y(evaluate_fit(fit, x_max));
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
  const std::string title = fmt::format("Time against rows for line {}: {}", st.location.line,
                                        short_text(st.text.substr(0, st.text.find('\n')), 80));
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
                     kHeight - 8, markup_escape(me.value("target_table", "")));

  // The fitted curve, sampled evenly on the log axis from the smallest size to the largest.
  std::string path;
  const double from = std::log10(x_min), to = std::log10(x_max);
  for (int i = 0; i <= 60; ++i) {
    const double rows = std::pow(10, from + (to - from) * i / 60);
    path +=
        fmt::format("{}{:.1f},{:.1f}", i == 0 ? "M" : " L", px(rows), py(evaluate_fit(fit, rows)));
  }
  svg << fmt::format(R"(<path class="fit" d="{}"><title>{} fit</title></path>)", path,
                     markup_escape(fit_quality(fit)));
  for (const auto& p : sweep)
    svg << fmt::format(R"(<circle class="measured" cx="{:.1f}" cy="{:.1f}" r="4">)"
                       R"(<title>measured: {} rows, {}</title></circle>)",
                       px(p.value("rows", 0.0)), py(p.value("seconds", 0.0)),
                       markup_escape(format_rows(p.value("rows", 0.0))),
                       markup_escape(format_seconds(p.value("seconds", 0.0))));
  if (has_estimate) {
    const double ex = px(estimate.value("rows", 0.0));
    svg << fmt::format(
        R"(<line class="range" x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}"/>)"
        R"(<circle class="production" cx="{0:.1f}" cy="{3:.1f}" r="6">)"
        R"(<title>production estimate: {4} rows, {5}</title></circle>)"
        R"(<text x="{0:.1f}" y="{6:.1f}" text-anchor="end">production</text>)",
        ex, py(estimate.value("low", 0.0)), py(estimate.value("high", 0.0)),
        py(estimate.value("seconds", 0.0)), markup_escape(format_rows(estimate.value("rows", 0.0))),
        markup_escape(estimate_range(estimate)),
        std::max(kTop + 10, py(estimate.value("high", 0.0)) - 8));
  }
  svg << "</svg>";
  return svg.str();
}

// Worth a chart: the cost grows with rows, or it is not negligible.
bool costly(const StatementResult& st) {
  const json& me = st.measured;
  if (!me.is_object() || !me.contains("sweep") || me["sweep"].empty())
    return false;
  if (me.contains("fit") && me["fit"].value("model", "constant") != "constant")
    return true;
  if (me.contains("estimate") && me["estimate"].value("seconds", 0.0) >= 0.1)
    return true;
  for (const auto& p : me["sweep"])
    if (p.value("seconds", 0.0) >= 0.01)
      return true;
  return false;
}

std::string strongest_lock(const json& measured, bool* rewrite) {
  std::string lock = "-";
  int best = -1;
  *rewrite = false;
  for (const auto& o : measured.value("observed", json::array())) {
    if (o.value("rewrite", false))
      *rewrite = true;
    if (!o.contains("lock") || !o["lock"].is_string())
      continue;
    auto mode = lock_from_pg_name(o["lock"].get<std::string>());
    if (mode && static_cast<int>(*mode) > best) {
      best = static_cast<int>(*mode);
      lock = o["lock"].get<std::string>() + " " + o.value("relation", "");
    }
  }
  return lock;
}

void render_script(const ScriptResult& script, std::ostream& out) {
  out << fmt::format("<h3>{} <code>{}</code> <small>({})</small></h3>\n",
                     markup_escape(to_string(script.direction)), markup_escape(script.file),
                     markup_escape(to_string(script.mode)));
  out << "<table class=\"statements\"><thead><tr><th>line</th><th>time</th><th>lock taken</th>"
         "<th>rewrite</th><th>reads blocked</th><th>writes blocked</th><th>production "
         "estimate</th><th>statement</th></tr></thead><tbody>\n";
  std::vector<const StatementResult*> charted;
  for (const auto& st : script.statements) {
    const json& me = st.measured;
    out << "<tr><td class=\"num\">" << st.location.line << "</td>";
    if (!me.is_object()) {
      out << "<td colspan=\"6\">not run</td>";
    } else {
      bool rewrite = false;
      const std::string lock = strongest_lock(me, &rewrite);
      std::string estimate = "-";
      if (me.contains("estimate")) {
        estimate = estimate_range(me["estimate"]) + " on " +
                   format_rows(me["estimate"].value("rows", 0.0)) + " rows";
        if (me.contains("lock_estimate") && me["lock_estimate"].value("seconds", 0.0) > 0)
          estimate += "; write-blocking lock held " + estimate_range(me["lock_estimate"]);
        if (const std::string w = estimate_warnings(me["estimate"]); !w.empty())
          estimate += " — " + w;
      }
      out << fmt::format("<td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>"
                         "<td class=\"num\">{}</td><td>{}</td>",
                         markup_escape(format_seconds(me.value("duration_ms", 0.0) / 1000)),
                         markup_escape(lock), rewrite ? "yes" : "no",
                         markup_escape(format_seconds(me.value("blocked_reads_ms", 0.0) / 1000)),
                         markup_escape(format_seconds(me.value("blocked_writes_ms", 0.0) / 1000)),
                         markup_escape(estimate));
      if (costly(st))
        charted.push_back(&st);
    }
    out << "<td><code>" << markup_escape(short_text(st.text, 400)) << "</code>";
    for (const auto& mm : me.is_object() ? me.value("mismatch", json::array()) : json::array())
      out << "<div class=\"warning\">model mismatch: " << markup_escape(mm.get<std::string>())
          << "</div>";
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
    const json& me = st->measured;
    out << "<figure>" << svg << "<figcaption>line " << st->location.line << ": "
        << markup_escape(sweep_points(me["sweep"]));
    if (me.contains("fit"))
      out << " — " << markup_escape(fit_quality(me["fit"]));
    if (me.contains("estimate"))
      out << "; estimate " << markup_escape(estimate_range(me["estimate"])) << " on "
          << markup_escape(format_rows(me["estimate"].value("rows", 0.0))) << " rows";
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
  const json& s = m.simulation;
  if (s.is_object()) {
    if (s.contains("seed"))
      out << fmt::format("<p>Seeded {} rows in {}.", s["seed"].value("rows", 0LL),
                         markup_escape(format_seconds(s["seed"].value("seconds", 0.0))));
    if (s.contains("sizes")) {
      std::string sizes;
      for (const auto& n : s["sizes"])
        sizes += (sizes.empty() ? "" : ", ") + format_rows(n.get<double>());
      out << " Size sweep: " << markup_escape(sizes) << " rows per table.";
    }
    out << "</p>\n<ul class=\"problems\">\n";
    if (!s["error"].is_null())
      out << "<li>error: " << markup_escape(s["error"].value("message", "")) << "</li>\n";
    for (const auto* key : {"schema_diff", "data_changes", "leftovers"})
      for (const auto& line : s.value(key, json::array()))
        out << "<li>" << markup_escape(line.get<std::string>()) << "</li>\n";
    if (s.contains("budget"))
      for (const auto& v : s["budget"].value("violations", json::array()))
        out << "<li>over budget: " << markup_escape(v.get<std::string>()) << "</li>\n";
    out << "</ul>\n";
  }
  for (const auto& script : m.scripts)
    render_script(script, out);
  out << "</section>\n";
}

class HtmlReport : public ReportRenderer {
public:
  std::string_view name() const override { return "html"; }
  void render(const LintResult& result, const RenderOptions&, std::ostream& out) const override {
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<title>pgdrydock simulate report</title>\n<style>"
        << kStyle << "</style>\n</head>\n<body>\n<h1>pgdrydock simulate</h1>\n";
    out << fmt::format("<p>PostgreSQL {}, {} migration{}.</p>\n", result.pg_version,
                       result.migrations.size(), result.migrations.size() == 1 ? "" : "s");
    for (const auto& e : result.errors)
      out << "<p class=\"warning\">" << markup_escape(e.file) << ":" << e.line << ": "
          << markup_escape(e.message) << "</p>\n";
    for (const auto& m : result.migrations)
      render_migration(m, out);
    out << "</body>\n</html>\n";
  }
};

const HtmlReport instance;

} // namespace

const bool html_report_registered = register_renderer(&instance);

} // namespace pgdrydock
