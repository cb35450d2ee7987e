#include "reports/markup_escape.h"

namespace pgdrydock {

std::string markup_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;"; // XML and HTML5 both know it
      break;
    default:
      out += c; // characters XML forbids are left to the renderer's final pass (valid_text.h)
    }
  }
  return out;
}

} // namespace pgdrydock
