// libFuzzer target: the stats JSON reader (tests/fuzz/entries/stats_entry.h).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/entries/property.h"
#include "tests/fuzz/entries/stats_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  return pgdrydock::fuzz::check_property([&] { pgdrydock::fuzz::read_stats_file(input); });
}
