// Escaping text for XML and HTML (JUnit, HTML reports): the five special characters, and the
// control characters XML 1.0 forbids even escaped replaced by U+FFFD.
#pragma once

#include <string>
#include <string_view>

namespace pgdrydock {

std::string markup_escape(std::string_view text);

} // namespace pgdrydock
