// The one duration syntax of pgdrydock: every duration option (--statement-timeout, --max-lock,
// --max-duration, --alembic-timeout, ...), every config key, and the values of SET
// lock_timeout / statement_timeout that lint reads from the SQL.
//
// A number (fractions allowed) followed by an optional unit: us, ms, s, m or min, h, d —
// PostgreSQL's time units plus `m`. A bare number means milliseconds everywhere, as it does for
// PostgreSQL's timeout settings. Blanks and the quotes of a SQL literal around it are ignored.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lint/support/error.h"

namespace pgdrydock {

// Milliseconds, or nothing when the text is not a duration (no number, unknown unit, negative,
// not finite).
std::optional<double> parse_duration_ms(std::string_view text);

// Whole milliseconds (rounded to nearest) for settings that PostgreSQL keeps as integers.
std::optional<long long> parse_duration_whole_ms(std::string_view text);

// Parses an option's value, or a usage Error that names the option and the accepted syntax
// ("--max-lock 2x: not a duration; use a number with us, ms, s, m/min, h or d (a bare number is
// milliseconds)"). `require_positive` refuses zero.
Expected<double> duration_option_ms(std::string_view option, std::string_view text,
                                    bool require_positive = false);

// The help-text suffix every duration option shares.
inline constexpr const char* kDurationHelp =
    "(units us, ms, s, m/min, h, d; a bare number is milliseconds)";

} // namespace pgdrydock
