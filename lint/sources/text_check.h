// Checks that a file is text pgdrydock can lint: no NUL bytes (binary files), valid UTF-8.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lint/migration.h"

namespace pgdrydock::sources {

// Nothing, or the first problem found with the line and column (code points, 1-based) of the
// bad byte.
Expected<void> check_text(std::string_view content, const std::string& display_path);

// Byte offset of the first byte that breaks UTF-8 (overlong forms, surrogates and values past
// U+10FFFF included), or npos when the text is valid.
std::size_t first_invalid_utf8(std::string_view text);

} // namespace pgdrydock::sources
