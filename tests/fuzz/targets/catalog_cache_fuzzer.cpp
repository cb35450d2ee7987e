// libFuzzer target: the catalog cache's decoder (tests/fuzz/entries/catalog_cache_entry.h).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/entries/catalog_cache_entry.h"
#include "tests/fuzz/entries/property.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  return pgdrydock::fuzz::check_property([&] { pgdrydock::fuzz::decode_cached_catalog(input); });
}
