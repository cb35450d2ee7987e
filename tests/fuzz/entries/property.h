// The fuzz targets' side of a failed property (an entry throws std::logic_error): print what
// failed, then abort, so libFuzzer keeps the input as a crash with the reason in its log.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace pgdrydock::fuzz {

template <class Check> int check_property(Check&& check) {
  try {
    check();
  } catch (const std::logic_error& e) {
    std::fprintf(stderr, "pgdrydock fuzz: property failed: %s\n", e.what());
    std::abort();
  }
  return 0;
}

} // namespace pgdrydock::fuzz
