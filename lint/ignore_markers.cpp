#include "lint/ignore_markers.h"

#include <algorithm>
#include <array>
#include <string>

#include "lint/sql_parser.h"
#include "lint/support/text.h"

namespace pgdrydock {
namespace {

constexpr std::string_view kSquawkMarker = "squawk-ignore";
constexpr std::string_view kAssuredStart = "safety-assured:start";
constexpr std::string_view kAssuredEnd = "safety-assured:end";

// Squawk's rule names (its `squawk-ignore` spelling) and the pgdrydock rules that flag the same
// hazard. Squawk's constraint-missing-not-valid also covers validating in the same transaction.
struct SquawkRule {
  std::string_view squawk;
  std::string_view ours;
};
constexpr std::array<SquawkRule, 14> kSquawkRules = {{
    {"adding-field-with-default", "table-rewrite"},
    {"adding-foreign-key-constraint", "constraint-missing-not-valid"},
    {"adding-not-nullable-field", "setting-not-null"},
    {"adding-required-field", "adding-required-column"},
    {"ban-concurrent-index-creation-in-transaction", "concurrent-index-in-transaction"},
    {"changing-column-type", "changing-column-type"},
    {"constraint-missing-not-valid", "constraint-missing-not-valid"},
    {"constraint-missing-not-valid", "validate-in-same-transaction"},
    {"disallowed-unique-constraint", "unique-constraint-builds-index"},
    {"require-concurrent-index-creation", "require-concurrent-index-creation"},
    {"require-concurrent-index-deletion", "require-concurrent-index-deletion"},
    {"require-concurrent-reindex", "require-concurrent-reindex"},
    {"require-lock-timeout", "missing-lock-timeout"},
    {"require-timeout-settings", "missing-lock-timeout"},
}};

// Findings that say the statement fails: no marker of another tool asserts them away.
constexpr std::array<std::string_view, 3> kFailures = {"syntax-error", "unknown-object",
                                                       "concurrent-index-in-transaction"};

// The comment's text without its `--` or `/* */`.
std::string_view comment_body(std::string_view comment) {
  if (comment.starts_with("--"))
    comment.remove_prefix(2);
  else if (comment.starts_with("/*")) {
    comment.remove_prefix(2);
    if (comment.ends_with("*/"))
      comment.remove_suffix(2);
  }
  return trim_blanks(comment);
}

} // namespace

std::vector<IgnoreDirective> squawk_ignore_directives(std::string_view comment) {
  std::string_view body = comment_body(comment);
  if (!body.starts_with(kSquawkMarker))
    return {};
  body.remove_prefix(kSquawkMarker.size());
  // `squawk-ignore-file` is a file-wide form this marker does not mean; a word glued on is
  // another marker altogether.
  if (!body.empty() && body.front() != ' ' && body.front() != '\t')
    return {};
  // Squawk reads the names up to a second `--` (a trailing remark).
  if (std::size_t remark = body.find("--"); remark != std::string_view::npos)
    body = body.substr(0, remark);
  body = trim_blanks(body);
  if (body.empty())
    return {{std::string(kEveryHazard), "squawk-ignore", 0}};
  std::vector<IgnoreDirective> out;
  while (!body.empty()) {
    std::size_t comma = body.find(',');
    std::string_view name = trim_blanks(body.substr(0, comma));
    body = comma == std::string_view::npos ? std::string_view() : body.substr(comma + 1);
    for (const SquawkRule& r : kSquawkRules)
      if (r.squawk == name)
        out.push_back({std::string(r.ours), "squawk-ignore " + std::string(name), 0});
  }
  return out;
}

std::vector<AssuredBlock> safety_assured_blocks(std::string_view script) {
  std::vector<AssuredBlock> blocks;
  if (script.find(kAssuredStart) == std::string_view::npos)
    return blocks;
  bool open = false;
  for (const Comment& c : scan_comments(script)) {
    std::string_view body = comment_body(script.substr(c.begin, c.end - c.begin));
    if (!open && body.starts_with(kAssuredStart)) {
      blocks.push_back({c.end, script.size(), c.begin});
      open = true;
    } else if (open && body.starts_with(kAssuredEnd)) {
      blocks.back().end = c.begin;
      open = false;
    }
  }
  return blocks;
}

bool hazard_rule(std::string_view rule_id) {
  return std::find(kFailures.begin(), kFailures.end(), rule_id) == kFailures.end();
}

} // namespace pgdrydock
