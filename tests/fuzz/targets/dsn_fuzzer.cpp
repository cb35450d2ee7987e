// libFuzzer target: --dsn parsing and redaction (tests/fuzz/entries/dsn_entry.h).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/entries/dsn_entry.h"
#include "tests/fuzz/entries/property.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  return pgdrydock::fuzz::check_property([&] { pgdrydock::fuzz::parse_and_redact_dsn(input); });
}
