// Golden-file comparison: the expected output lives in tests/reports/golden/<name>; it is
// rewritten only when PGDRYDOCK_UPDATE_GOLDEN=1, so a change in output is always a visible diff.
#pragma once

#include <string>

namespace pgdrydock::test {

// Replaces the tool version with a placeholder so a release does not churn every golden file.
std::string without_tool_version(std::string text);

// EXPECTs `actual` equal to the golden file (or writes it under PGDRYDOCK_UPDATE_GOLDEN=1).
void expect_golden(const std::string& name, const std::string& actual);

} // namespace pgdrydock::test
