// The finding for a statement that cannot be read: `syntax-error`, or `unsupported-syntax` when
// the target PostgreSQL is newer than the grammar libpg_query bundles (15) and that grammar is
// what refused it (the statement may well be valid on the target).
#pragma once

#include "lint/rule.h"

namespace pgdrydock {

inline constexpr std::string_view kUnsupportedSyntaxRule = "unsupported-syntax";
// The PostgreSQL major version of libpg_query's grammar.
inline constexpr int kBundledGrammarVersion = 15;

// st.syntax_error is set. grammar_rejected: the parser refused it (not the scanner, not a limit).
Finding syntax_finding(const Statement& st, bool grammar_rejected, int pg_version);

} // namespace pgdrydock
