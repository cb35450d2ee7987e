// The last step of every report (ReportRenderer::render): whatever bytes the migrations, their
// file names or the server let through, a report is valid UTF-8 and holds no character that
// XML 1.0 forbids (JUnit and HTML must parse) or that a terminal would obey (ESC, C1 codes).
#pragma once

#include <string>
#include <string_view>

namespace pgdrydock {

// `text` with each ill-formed UTF-8 sequence (stray continuation bytes, overlong forms such as
// C0 80, surrogates, code points above U+10FFFF, cut sequences) replaced by one U+FFFD per
// maximal subpart (Unicode 15, 3.9), and with U+FFFD for the control characters other than tab,
// line feed and carriage return (C0, DEL, C1) and the noncharacters U+FFFE and U+FFFF.
// keep_escape keeps ESC (0x1B): the text report's own colour codes, with colour on.
std::string valid_text(std::string_view text, bool keep_escape = false);

} // namespace pgdrydock
