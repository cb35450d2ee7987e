// The words a report uses for a table's size ("~41.2 M rows, 3.1 GB"): rows with k/M/billion,
// bytes in binary units, short numbers.
#include <cmath>
#include <cstdint>
#include <iterator>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "lint/table_stats.h"

namespace pgdrydock {
namespace {

// "41.2", "120", "3": one decimal below 100, none above (a trailing ".0" is dropped).
std::string short_number(double value, double one_decimal_below) {
  std::string text =
      value < one_decimal_below ? fmt::format("{:.1f}", value) : fmt::format("{:.0f}", value);
  if (text.size() > 2 && text.ends_with(".0"))
    text.resize(text.size() - 2);
  return text;
}

std::string describe_rows(double rows) {
  if (rows < 1000) {
    const auto whole = static_cast<long long>(std::llround(rows));
    return fmt::format("{} row{}", whole, whole == 1 ? "" : "s");
  }
  static constexpr std::pair<double, const char*> units[] = {
      {1e9, "billion"}, {1e6, "M"}, {1e3, "k"}};
  for (const auto& [scale, unit] : units)
    if (rows >= scale * 0.9995)
      return fmt::format("{} {} rows", short_number(rows / scale, 100), unit);
  return fmt::format("{:.0f} rows", rows);
}

std::string describe_bytes(std::int64_t bytes) {
  static constexpr const char* units[] = {"bytes", "kB", "MB", "GB", "TB", "PB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 * 0.9995 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  if (unit == 0)
    return fmt::format("{} bytes", bytes);
  return fmt::format("{} {}", short_number(value, 10), units[unit]);
}

} // namespace

std::string describe_table_size(const TableStats& table) {
  std::string rows = table.reltuples < 0 ? "~" : ""; // appended: false -Wrestrict at -O3
  rows += describe_rows(table.rows());
  return fmt::format("{}, {}", rows, describe_bytes(table.total_bytes));
}

} // namespace pgdrydock
