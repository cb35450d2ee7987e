#include "lint/support/duration.h"

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

namespace pgdrydock {

namespace {

// One table of units (as PostgreSQL keeps one per kind of setting), in milliseconds.
constexpr std::array<std::pair<std::string_view, double>, 7> kUnits{{
    {"us", 0.001},
    {"ms", 1},
    {"s", 1000},
    {"m", 60'000},
    {"min", 60'000},
    {"h", 3'600'000},
    {"d", 86'400'000},
}};

bool ignorable(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\'' || c == '"';
}

} // namespace

std::optional<double> parse_duration_ms(std::string_view text) {
  std::string s;
  s.reserve(text.size());
  for (char c : text)
    if (!ignorable(c))
      s += c;
  double value = 0;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, value);
  if (ec != std::errc() || !std::isfinite(value) || value < 0)
    return std::nullopt;
  std::string unit(ptr, end);
  for (char& c : unit)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  if (unit.empty())
    return value;
  for (const auto& [name, factor] : kUnits)
    if (unit == name)
      return value * factor;
  return std::nullopt;
}

std::optional<long long> parse_duration_whole_ms(std::string_view text) {
  std::optional<double> ms = parse_duration_ms(text);
  if (!ms || *ms > 9.2e18)
    return std::nullopt;
  return std::llround(*ms);
}

Expected<double> duration_option_ms(std::string_view option, std::string_view text,
                                    bool require_positive) {
  std::optional<double> ms = parse_duration_ms(text);
  if (!ms || (require_positive && *ms <= 0))
    return fail(usage_error(std::string(option) + " " + std::string(text) + ": not a " +
                            (require_positive ? "positive " : "") +
                            "duration; use a number with us, ms, s, m/min, h or d (a bare "
                            "number is milliseconds)"));
  return *ms;
}

} // namespace pgdrydock
