// Escaping text for XML and HTML (JUnit, HTML reports): the five special characters. The
// characters XML 1.0 forbids even escaped, and ill-formed UTF-8, are replaced after rendering by
// ReportRenderer::render (reports/valid_text.h), once for every format.
#pragma once

#include <string>
#include <string_view>

namespace pgdrydock {

std::string markup_escape(std::string_view text);

} // namespace pgdrydock
