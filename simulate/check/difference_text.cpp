#include "simulate/check/difference_text.h"

#include <algorithm>

namespace pgdrydock {

namespace {

bool continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// [begin, end) of `text` widened to whole UTF-8 characters, "…" on each side that was cut.
std::string window(std::string_view text, std::size_t begin, std::size_t end) {
  while (begin > 0 && continuation_byte(text[begin]))
    --begin;
  while (end < text.size() && continuation_byte(text[end]))
    ++end;
  std::string out = begin > 0 ? "…" : "";
  out.append(text.substr(begin, end - begin));
  if (end < text.size())
    out += "…";
  return out;
}

} // namespace

std::pair<std::string, std::string> differing_parts(std::string_view was, std::string_view now,
                                                    std::size_t context) {
  if (was.size() <= kWholeDifferenceChars && now.size() <= kWholeDifferenceChars)
    return {std::string(was), std::string(now)};
  const std::size_t shorter = std::min(was.size(), now.size());
  std::size_t prefix = 0;
  while (prefix < shorter && was[prefix] == now[prefix])
    ++prefix;
  // The common suffix may not overlap the common prefix in either text.
  std::size_t suffix = 0;
  while (suffix < shorter - prefix && was[was.size() - 1 - suffix] == now[now.size() - 1 - suffix])
    ++suffix;
  const std::size_t begin = prefix > context ? prefix - context : 0;
  auto end_of = [&](std::string_view text) {
    return std::min(text.size(), text.size() - suffix + context);
  };
  return {window(was, begin, end_of(was)), window(now, begin, end_of(now))};
}

} // namespace pgdrydock
