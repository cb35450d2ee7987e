// The one mapping from outcomes to the process exit code, and the one way a failure is printed.
// docs/errors.md lists the codes for users.
#pragma once

#include <iosfwd>

#include "lint/support/error.h"

namespace pgdrydock {

inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1; // findings at or above --fail-on, or a failed check
inline constexpr int kExitError = 2;    // usage, input, limits, environment (an Error)

// The exit code for a failure of this kind.
int exit_code_for(const Error& error);

// Prints `file:line:col: message` for an error about a file, `pgdrydock: message` otherwise
// (`pgdrydock: internal error: message` for a bug), on one line.
void report_error(const Error& error, std::ostream& out);

// Both: prints the error on standard error and returns its exit code.
int fail_with(const Error& error);

} // namespace pgdrydock
