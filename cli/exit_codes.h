// The one mapping from outcomes to the process exit code, and the one way a failure is printed.
// docs/errors.md lists the codes for users.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "lint/support/error.h"

namespace pgdrydock {

inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1; // findings at or above --fail-on, or a failed check
inline constexpr int kExitError = 2;    // usage, input, limits, environment (an Error)
// Interrupted, after cleaning up: 128 + the signal's number, as a shell reports it.
inline constexpr int kExitInterrupted = 130; // SIGINT
inline constexpr int kExitTerminated = 143;  // SIGTERM

// The exit code for a run ended by `signal_number` (SIGINT 130, SIGTERM 143, other 128 + n).
int exit_code_for_signal(int signal_number);

// When an interrupt came (lint/support/process_interrupt.h), the failure or result the caller
// holds is its echo (a server killed under a query): say nothing and leave the exit to the
// handler's cleanup (the sandbox's watcher stops the servers, then exits 128 + signal). Exits
// with that code itself if the cleanup has not ended the process within a minute.
void wait_if_interrupted();

// `text` safe for a terminal line: bytes that are not printable (control characters, ESC, CR,
// newline, DEL, bytes of ill-formed UTF-8 such as 0xFF) become `\xNN`; well-formed UTF-8 stays.
// For stderr (the reports clean their own text with reports/valid_text.h).
std::string printable_for_terminal(std::string_view text);

// The exit code for a failure of this kind.
int exit_code_for(const Error& error);

// Prints `file:line:col: message` for an error about a file, `pgdrydock: message` otherwise
// (`pgdrydock: internal error: message` for a bug), on one line (printable_for_terminal).
void report_error(const Error& error, std::ostream& out);

// Both: prints the error on standard error and returns its exit code (wait_if_interrupted
// first).
int fail_with(const Error& error);

} // namespace pgdrydock
