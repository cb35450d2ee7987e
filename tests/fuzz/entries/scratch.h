// The fuzz entries read their input the way the product does, from files: each process writes
// them into one private folder (tests/common/temp_folder.h), removed when it exits. Point TMPDIR
// at a tmpfs (scripts/fuzz.sh uses /dev/shm) and a write costs microseconds.
#pragma once

#include <string>
#include <string_view>

#include "tests/common/temp_folder.h"

namespace pgdrydock::fuzz {

inline const testing::TempFolder& scratch() {
  static const testing::TempFolder folder;
  return folder;
}

// Writes `bytes` to scratch()/relative (replacing it) and returns the path.
inline std::string scratch_file(const std::string& relative, std::string_view bytes) {
  return scratch().write(relative, bytes);
}

} // namespace pgdrydock::fuzz
