// A catalog cache file's payload (lint/cache/catalog_codec.h), as the cache reads it after the
// header's checksum. Bytes the decoder refuses must end in its Input Error; a catalog it accepts
// must encode and decode again to the same catalog (no field lost or invented). The header
// (lint/cache/catalog_cache.h) is fed the same bytes too: never a crash, whatever it holds.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "lint/cache/catalog_cache.h"
#include "lint/cache/catalog_codec.h"

namespace pgdrydock::fuzz {

// Returns false when the decoder refused the bytes (an expected outcome); throws logic_error
// when a property fails (the fuzz target turns that into a crash).
inline bool decode_cached_catalog(std::string_view bytes) {
  (void)decode_catalog_cache(bytes);
  const Expected<Catalog> decoded = decode_catalog(bytes);
  if (!decoded)
    return false;
  const std::string written = encode_catalog(*decoded);
  const Expected<Catalog> again = decode_catalog(written);
  if (!again)
    throw std::logic_error("the decoder refuses what the encoder wrote: " + again.error().message);
  if (encode_catalog(*again) != written)
    throw std::logic_error("encoding, decoding and encoding again changes the bytes");
  return true;
}

} // namespace pgdrydock::fuzz
