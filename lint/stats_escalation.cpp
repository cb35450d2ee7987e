#include "lint/stats_escalation.h"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

namespace pgdrydock {
namespace {

// Hazards whose cost does not grow with the table: waiting in the lock queue, CONCURRENTLY
// inside a transaction (it fails at once), downgrades that lose data, unparsable SQL, a quick
// catalog change such as DROP INDEX. Their severity stays; they are still told the size.
constexpr std::string_view kSizeIndependentRules[] = {"missing-lock-timeout",
                                                      "syntax-error",
                                                      "concurrent-index-in-transaction",
                                                      "irreversible-migration",
                                                      "alembic-irreversible-downgrade",
                                                      "alembic-mixed-data-migration",
                                                      "require-concurrent-index-deletion"};

bool grows_with_table(std::string_view rule_id) {
  return std::find(std::begin(kSizeIndependentRules), std::end(kSizeIndependentRules), rule_id) ==
         std::end(kSizeIndependentRules);
}

bool is_table(RelationKind kind) {
  return kind == RelationKind::Table || kind == RelationKind::MaterializedView;
}

std::string display_name(const TableStats& table) {
  return table.schema == "public" ? table.name : table.schema + "." + table.name;
}

// "100 k", "1 M", "2.5 M", "500": the spelling of a threshold.
std::string row_count(double rows) {
  if (rows >= 1e6)
    return fmt::format("{:g} M", rows / 1e6);
  if (rows >= 1e3)
    return fmt::format("{:g} k", rows / 1e3);
  return fmt::format("{:g}", rows);
}

const TableStats* find_relation(const StatsFile& stats, const std::string& relation) {
  const auto dot = relation.find('.');
  if (dot == std::string::npos)
    return stats.find(relation);
  return stats.find(std::string_view(relation).substr(0, dot),
                    std::string_view(relation).substr(dot + 1));
}

struct SizedTable {
  const TableStats* stats = nullptr;
  bool work = false; // the statement's cost grows with this table
};

} // namespace

void weigh_findings_by_table_size(std::vector<Finding>& findings,
                                  const std::vector<Effect>& effects, const StatementTraits& traits,
                                  const LintContext& context, const TableSizeContext& sizes) {
  if (findings.empty() || !sizes.stats)
    return;
  std::vector<SizedTable> known;
  std::vector<std::string> missing;
  for (const Effect& effect : effects) {
    if (!is_table(effect.kind) || effect.creates || context.is_new(effect.relation))
      continue;
    const bool work = effect.rewrite || effect.scan || traits.data_change;
    const TableStats* table = find_relation(*sizes.stats, effect.relation);
    if (!table) {
      if (std::find(missing.begin(), missing.end(), effect.relation) == missing.end())
        missing.push_back(effect.relation);
      continue;
    }
    auto same = std::find_if(known.begin(), known.end(),
                             [&](const SizedTable& k) { return k.stats == table; });
    if (same != known.end())
      same->work = same->work || work;
    else
      known.push_back({table, work});
  }

  // The table a finding is about: the largest one the statement works on, else the largest
  // one it merely locks.
  const SizedTable* subject = nullptr;
  for (const SizedTable& k : known)
    if (!subject || (k.work && !subject->work) ||
        (k.work == subject->work && k.stats->rows() > subject->stats->rows()))
      subject = &k;

  const TableSizeThresholds& limits = sizes.thresholds;
  for (Finding& finding : findings) {
    if (finding.rule_id == "syntax-error")
      continue;
    if (!subject)
      break;
    std::string note =
        fmt::format("{}: {}", display_name(*subject->stats), describe_table_size(*subject->stats));
    const double rows = subject->stats->rows();
    if (subject->work && grows_with_table(finding.rule_id)) {
      if (rows < limits.small_rows) {
        finding.severity = Severity::Info;
        note += fmt::format("; info below {} rows", row_count(limits.small_rows));
      } else if (rows >= limits.large_rows) {
        finding.severity = Severity::Error;
        note += fmt::format("; error from {} rows", row_count(limits.large_rows));
      }
    }
    finding.message += fmt::format(" ({})", note);
  }

  if (!missing.empty()) {
    for (Finding& finding : findings) {
      if (finding.rule_id == "syntax-error")
        continue;
      std::string names;
      for (const auto& name : missing)
        names += (names.empty() ? "" : ", ") + name;
      // Once per statement, on its first finding: the reader needs it once, not per rule.
      finding.message += fmt::format(" (not in the statistics file {}: {}; size unknown)",
                                     sizes.stats->source_path.empty() ? std::string("given")
                                                                      : sizes.stats->source_path,
                                     names);
      break;
    }
  }
}

} // namespace pgdrydock
