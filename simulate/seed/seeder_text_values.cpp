#include "simulate/seed/seeder_text_values.h"

#include <algorithm>
#include <cctype>
#include <cstddef>

#include "simulate/seed/seeder_value_format.h"

namespace pgdrydock::seeding {

namespace {

int decimal_digits(unsigned long long value) {
  int digits = 1;
  while (value >= 10) {
    value /= 10;
    ++digits;
  }
  return digits;
}

// Letters (never digits, so padding keeps distinct numbers distinct) in no repeating order:
// padded values do not compress to nothing the way a run of one letter would.
const std::string& padding_letters() {
  static const std::string letters = [] {
    std::string text(4096, 'a');
    for (std::size_t i = 0; i < text.size(); ++i)
      text[i] = static_cast<char>('a' + mix_row(i, 0x70616464) % 26);
    return text;
  }();
  return letters;
}

} // namespace

long long goal_length(const ValueRecipe& r, std::uint64_t number) {
  long long goal = r.target_length;
  if (const long long spread = goal / 4; spread > 0)
    goal += static_cast<long long>(mix_row(number, r.salt ^ 0x6c656e67) %
                                   static_cast<std::uint64_t>(2 * spread + 1)) -
            spread;
  goal = std::max(goal, r.min_length);
  return r.max_length >= 0 ? std::min(goal, r.max_length) : goal;
}

void append_padding(std::string& out, std::size_t count, std::uint64_t number) {
  const std::string& letters = padding_letters();
  std::size_t from = number % letters.size();
  while (count > 0) {
    const std::size_t take = std::min(count, letters.size() - from);
    out.append(letters, from, take);
    count -= take;
    from = 0;
  }
}

std::string shortened_prefix(const std::string& column_name) {
  std::string prefix;
  for (char c : column_name)
    if (prefix.size() < 12 && (std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
      prefix += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return prefix.empty() ? "v" : prefix;
}

void append_text(std::string& out, const ValueRecipe& r, std::uint64_t number) {
  const int digits = decimal_digits(number);
  const size_t start = out.size();
  const long long goal = r.target_length > 0 ? goal_length(r, number) : -1;
  // The longest start that fits: column and table, the column alone, or nothing.
  auto fits = [&](long long length) {
    return (r.max_length < 0 || length <= r.max_length) && (goal < 0 || length <= goal);
  };
  const long long with_prefix = static_cast<long long>(r.prefix.size()) + 1 + digits;
  const long long with_tag =
      r.table_tag.empty() ? -1 : with_prefix + static_cast<long long>(r.table_tag.size()) + 1;
  if (with_tag > 0 && fits(with_tag)) {
    out += r.prefix;
    out += '_';
    out += r.table_tag;
    out += '_';
  } else if (fits(with_prefix)) {
    out += r.prefix;
    out += '_';
  }
  if (r.max_length >= 0 && digits > r.max_length) {
    // Only reachable for non-unique values: keep the low digits (unique ones were checked).
    long long modulus = 1;
    for (long long i = 0; i < r.max_length; ++i)
      modulus *= 10;
    append_int(out, static_cast<long long>(number % static_cast<std::uint64_t>(modulus)));
  } else {
    append_int(out, static_cast<long long>(number));
  }
  if (goal > 0) {
    const auto have = static_cast<long long>(out.size() - start);
    if (have < goal)
      append_padding(out, static_cast<std::size_t>(goal - have), number);
  }
  // 'x' is not a digit, so padding keeps distinct numbers distinct.
  while (static_cast<long long>(out.size() - start) < r.min_length)
    out += 'x';
}

void append_document(std::string& out, const ValueRecipe& r, long long number, std::uint64_t tag) {
  const std::size_t start = out.size();
  out += "{\"n\": ";
  append_int(out, number);
  out += ", \"tag\": \"t";
  append_int(out, static_cast<long long>(tag));
  out += '"';
  if (r.target_length > 0) {
    constexpr long long pad_member = 12; // , "pad": "" and the closing brace
    const long long missing = goal_length(r, static_cast<std::uint64_t>(number)) -
                              static_cast<long long>(out.size() - start) - pad_member;
    if (missing > 0) {
      out += ", \"pad\": \"";
      append_padding(out, static_cast<std::size_t>(missing), static_cast<std::uint64_t>(number));
      out += '"';
    }
  }
  out += '}';
}

void append_bytes(std::string& out, const ValueRecipe& r, std::uint64_t number) {
  out += "\\x";
  append_hex(out, number, 16);
  const long long bytes = r.target_length > 0 ? goal_length(r, number) : 8;
  for (long long i = 8; i < bytes; i += 8)
    append_hex(out, mix_row(number + static_cast<std::uint64_t>(i), r.salt),
               2 * static_cast<int>(std::min<long long>(8, bytes - i)));
}

} // namespace pgdrydock::seeding
