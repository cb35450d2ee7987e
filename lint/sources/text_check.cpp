#include "lint/sources/text_check.h"

#include <cstring>

#include <fmt/format.h>
#include <simdjson.h>

#include "lint/source_file.h"

namespace pgdrydock::sources {
namespace {

unsigned char byte_at(std::string_view t, std::size_t i) {
  return static_cast<unsigned char>(t[i]);
}

bool is_continuation(std::string_view t, std::size_t i) {
  return i < t.size() && (byte_at(t, i) & 0xC0) == 0x80;
}

// Length of the valid UTF-8 sequence starting at i, or 0 when it is invalid.
std::size_t sequence_length(std::string_view t, std::size_t i) {
  unsigned char b = byte_at(t, i);
  if (b < 0x80)
    return 1;
  if (b >= 0xC2 && b <= 0xDF)
    return is_continuation(t, i + 1) ? 2 : 0;
  if (b >= 0xE0 && b <= 0xEF) {
    if (!is_continuation(t, i + 1) || !is_continuation(t, i + 2))
      return 0;
    unsigned char b1 = byte_at(t, i + 1);
    if (b == 0xE0 && b1 < 0xA0)
      return 0; // overlong
    if (b == 0xED && b1 > 0x9F)
      return 0; // UTF-16 surrogate
    return 3;
  }
  if (b >= 0xF0 && b <= 0xF4) {
    if (!is_continuation(t, i + 1) || !is_continuation(t, i + 2) || !is_continuation(t, i + 3))
      return 0;
    unsigned char b1 = byte_at(t, i + 1);
    if (b == 0xF0 && b1 < 0x90)
      return 0; // overlong
    if (b == 0xF4 && b1 > 0x8F)
      return 0; // past U+10FFFF
    return 4;
  }
  return 0; // 0x80-0xC1 as a lead byte, 0xF5-0xFF
}

} // namespace

std::size_t first_invalid_utf8(std::string_view text) {
  // simdjson validates gigabytes per second; the byte-by-byte walk only runs to locate a fault.
  if (simdjson::validate_utf8(text.data(), text.size()))
    return std::string_view::npos;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = sequence_length(text, i);
    if (n == 0)
      return i;
    i += n;
  }
  return std::string_view::npos;
}

Expected<void> check_text(std::string_view content, const std::string& display_path) {
  if (const void* nul = std::memchr(content.data(), '\0', content.size())) {
    auto offset = static_cast<std::size_t>(static_cast<const char*>(nul) - content.data());
    Position p = LineIndex(content.substr(0, offset + 1)).position(offset);
    return fail(
        Error{display_path, p.line, p.column, "contains a NUL byte: a binary file, not SQL text"});
  }
  std::size_t bad = first_invalid_utf8(content);
  if (bad != std::string_view::npos) {
    // The column counts code points before the bad byte, which are all valid.
    Position p = LineIndex(content.substr(0, bad + 1)).position(bad);
    return fail(
        Error{display_path, p.line, p.column,
              fmt::format("invalid UTF-8 (byte 0x{:02X}): save the file as UTF-8",
                          static_cast<unsigned>(static_cast<unsigned char>(content[bad])))});
  }
  return {};
}

} // namespace pgdrydock::sources
