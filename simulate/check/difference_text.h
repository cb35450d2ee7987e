// How a report shows that a definition changed: the part that differs, with a little context,
// not a prefix cut before the difference ("was \"timestamp wit…\"" said nothing).
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace pgdrydock {

// `was` and `now` as shown side by side. Short texts (both at most kWholeDifferenceChars bytes)
// are kept whole; longer ones become the window from `context` bytes before their first
// difference to `context` bytes after their last one, "…" marking each cut side. Cuts fall
// between UTF-8 characters. Linear in the lengths.
constexpr std::size_t kWholeDifferenceChars = 120;
std::pair<std::string, std::string> differing_parts(std::string_view was, std::string_view now,
                                                    std::size_t context = 40);

} // namespace pgdrydock
