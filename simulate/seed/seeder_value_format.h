// The COPY text form of the pieces generated values are made of: integers (plain, zero-padded,
// hex), dates and times of day, and the escaping COPY's text format needs. Each appends to the
// row buffer without allocating.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pgdrydock::seeding {

void append_int(std::string& out, long long value);
// At least `width` digits, zeros in front.
void append_padded(std::string& out, long long value, int width);
// The low `digits` hex digits of value, lower case.
void append_hex(std::string& out, std::uint64_t value, int digits);
// Days since 1970-01-01 as YYYY-MM-DD.
void append_date(std::string& out, long long days);
// Seconds since midnight as HH:MM:SS.
void append_time_of_day(std::string& out, long long seconds);
// COPY text format: backslash, tab, newline and carriage return must be escaped.
void append_copy_escaped(std::string& out, std::string_view raw);

} // namespace pgdrydock::seeding
