#include "reports/valid_text.h"

namespace pgdrydock {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD"; // U+FFFD

// The well-formed byte sequences of UTF-8 (Unicode 15, table 3-7): the lead byte fixes the
// length and the range of the second byte; later bytes are 80..BF.
struct Lead {
  int length;           // 0: never a lead byte
  unsigned char lo, hi; // range of the second byte
};

Lead lead_of(unsigned char b) {
  if (b < 0x80)
    return {1, 0, 0};
  if (b >= 0xC2 && b <= 0xDF)
    return {2, 0x80, 0xBF};
  if (b == 0xE0)
    return {3, 0xA0, 0xBF};
  if (b == 0xED) // not the surrogates D800..DFFF
    return {3, 0x80, 0x9F};
  if (b >= 0xE1 && b <= 0xEF)
    return {3, 0x80, 0xBF};
  if (b == 0xF0)
    return {4, 0x90, 0xBF};
  if (b >= 0xF1 && b <= 0xF3)
    return {4, 0x80, 0xBF};
  if (b == 0xF4) // not above U+10FFFF
    return {4, 0x80, 0x8F};
  return {0, 0, 0};
}

bool allowed(char32_t c, bool keep_escape) {
  if (c < 0x20)
    return c == '\t' || c == '\n' || c == '\r' || (keep_escape && c == 0x1B);
  if (c >= 0x7F && c <= 0x9F) // DEL and the C1 controls (0x9B is a terminal's CSI)
    return false;
  return c != 0xFFFE && c != 0xFFFF;
}

} // namespace

std::string valid_text(std::string_view text, bool keep_escape) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    const Lead lead = lead_of(b);
    if (lead.length == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    // Take continuation bytes while they are well formed; stop at the first that is not.
    char32_t c = lead.length == 1 ? b : b & (0xFF >> (lead.length + 1));
    int taken = 1;
    for (; taken < lead.length && i + taken < text.size(); ++taken) {
      const auto next = static_cast<unsigned char>(text[i + taken]);
      const unsigned char lo = taken == 1 ? lead.lo : 0x80, hi = taken == 1 ? lead.hi : 0xBF;
      if (next < lo || next > hi)
        break;
      c = (c << 6) | (next & 0x3F);
    }
    if (taken < lead.length || !allowed(c, keep_escape))
      out += kReplacement; // the maximal subpart, or a character a report must not carry
    else
      out.append(text, i, static_cast<std::size_t>(taken));
    i += static_cast<std::size_t>(taken);
  }
  return out;
}

} // namespace pgdrydock
