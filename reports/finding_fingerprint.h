// A finding's identity that survives edits around it: rule + file + the statement's text with
// comments and layout normalised away (the text names the object), never the line number. So
// inserting a migration line above, re-indenting or re-commenting a statement keeps its
// fingerprint; changing the statement itself or moving it to another file gives a new one.
// GitLab's Code Quality report keys its merge-request diff on these (and a baseline can too).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lint/lint_result.h"

namespace pgdrydock {

struct FingerprintedFinding {
  const Finding* finding;
  std::string fingerprint; // 32 lower-case hex digits
};

// The statement as a fingerprint sees it: SQL comments dropped (PostgreSQL's scanner finds
// them), blank runs made one space, ends and a trailing ';' trimmed. Quoted text ('...',
// "...") is kept as written.
std::string normalized_statement(std::string_view sql);

// The fingerprint of (rule, file, text): for what has no statement, such as an input error.
std::string fingerprint_of(std::string_view rule, std::string_view file, std::string_view text);

// Every finding of the result in report order with a fingerprint unique within the result: the
// n-th identical (rule, file, statement) triple gets its occurrence number mixed in. Linear.
std::vector<FingerprintedFinding> fingerprinted_findings(const LintResult& result);

} // namespace pgdrydock
