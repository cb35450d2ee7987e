#include "reports/finding_fingerprint.h"

#include <cctype>
#include <cstdint>
#include <unordered_map>

#include <fmt/format.h>

#include "lint/sql_parser.h"

namespace pgdrydock {
namespace {

// FNV-1a 64 with two different offsets: 128 bits, the same on every build and platform (unlike
// std::hash), which a fingerprint stored by GitLab between pipelines needs.
std::uint64_t fnv1a(std::uint64_t offset, std::string_view text) {
  std::uint64_t hash = offset;
  for (unsigned char c : text)
    hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}

std::string hex128(std::string_view key) {
  return fmt::format("{:016x}{:016x}", fnv1a(0xcbf29ce484222325ULL, key),
                     fnv1a(0x84222325cbf29ce4ULL, key));
}

bool is_blank(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// The text with each comment (found by PostgreSQL's scanner, so "--" inside a string or a
// dollar-quoted body is not one) replaced by a blank.
std::string without_comments(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  std::size_t copied = 0;
  for (const Comment& c : scan_comments(sql)) {
    if (c.begin < copied || c.end > sql.size())
      continue;
    out.append(sql.substr(copied, c.begin - copied)).append(1, ' ');
    copied = c.end;
  }
  return out.append(sql.substr(copied));
}

} // namespace

std::string normalized_statement(std::string_view sql) {
  const std::string text = without_comments(sql);
  std::string out;
  out.reserve(text.size());
  bool pending_blank = false;
  char quote = 0; // the quote we are inside ('\'' or '"'), 0 outside
  for (char c : text) {
    if (quote == 0 && is_blank(c)) {
      pending_blank = true;
      continue;
    }
    if (quote == 0 && (c == '\'' || c == '"'))
      quote = c;
    else if (c == quote)
      quote = 0; // a doubled quote closes and reopens: the same text either way
    if (pending_blank && !out.empty())
      out += ' ';
    pending_blank = false;
    out += c;
  }
  while (!out.empty() && (out.back() == ';' || out.back() == ' '))
    out.pop_back();
  return out;
}

std::string fingerprint_of(std::string_view rule, std::string_view file, std::string_view text) {
  std::string key;
  key.reserve(rule.size() + file.size() + text.size() + 2);
  key.append(rule).append(1, '\0').append(file).append(1, '\0').append(text);
  return hex128(key);
}

std::vector<FingerprintedFinding> fingerprinted_findings(const LintResult& result) {
  std::vector<FingerprintedFinding> out;
  std::unordered_map<std::string, int> seen; // key -> occurrences so far
  auto add = [&](const Finding& f, std::string_view statement) {
    // The n-th repeat of the same (rule, file, statement) also hashes its number n.
    std::string text(statement);
    const int n = seen[f.rule_id + '\0' + f.location.file + '\0' + text]++;
    if (n > 0)
      text += fmt::format("\n#{}", n);
    out.push_back({&f, fingerprint_of(f.rule_id, f.location.file, text)});
  };
  for (const auto& m : result.migrations) {
    for (const auto& script : m.scripts)
      for (const auto& st : script.statements) {
        if (st.findings.empty())
          continue;
        const std::string statement = normalized_statement(st.text);
        for (const auto& f : st.findings)
          add(f, statement);
      }
    // Migration-level findings have no statement: their message names what they are about.
    for (const auto& f : m.findings)
      add(f, f.message);
  }
  return out;
}

} // namespace pgdrydock
