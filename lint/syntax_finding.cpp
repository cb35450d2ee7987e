#include "lint/syntax_finding.h"

#include <string>

#include "lint/statement_limits.h"

namespace pgdrydock {

Finding syntax_finding(const Statement& st, bool grammar_rejected, int pg_version) {
  const std::string& message = *st.syntax_error;
  if (grammar_rejected && pg_version > kBundledGrammarVersion && !is_limit_refusal(message)) {
    // Named at the statement's first line: the unknown part is new syntax, not a typo there.
    return Finding{std::string(kUnsupportedSyntaxRule), Severity::Warning, st.location,
                   "not understood by the PostgreSQL " + std::to_string(kBundledGrammarVersion) +
                       " grammar pgdrydock parses with (" + message +
                       "): new syntax of PostgreSQL " + std::to_string(pg_version) +
                       "? This statement is not linted; the others are",
                   "Review this statement by hand, or run it with `pgdrydock simulate` against a "
                   "PostgreSQL " +
                       std::to_string(pg_version) +
                       " server; then mark it `-- pgdrydock:ignore unsupported-syntax <why>`."};
  }
  return Finding{"syntax-error",
                 Severity::Error,
                 st.error_location,
                 // a limit's refusal is no syntax error: it says which limit
                 is_limit_refusal(message) ? message : "syntax error: " + message,
                 {}};
}

} // namespace pgdrydock
