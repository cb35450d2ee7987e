// Small text helpers shared by the rules, the comment markers and the tests.
#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace pgdrydock {

// `s` without the blanks (spaces, tabs, line ends) at either end.
inline std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

// The same as an owned string, for callers that keep or build on the result.
inline std::string trimmed_blanks(std::string_view s) {
  return std::string(trim_blanks(s));
}

// `s` with A-Z as a-z and every other byte kept (SQL keywords, file suffixes: never locale-bound).
inline std::string lowercase_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  return out;
}

} // namespace pgdrydock
