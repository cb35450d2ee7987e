// Writing an output file so that a reader never sees half of it.
#pragma once

#include <string>

#include "lint/support/error.h"

namespace pgdrydock {

// Writes `text` next to `path` and renames it over `path`: a reader never sees half a file, and
// a failed run leaves the previous file in place (nothing partial, nothing lost). The Error
// names the path.
Expected<void> write_atomically(const std::string& path, const std::string& text);

} // namespace pgdrydock
