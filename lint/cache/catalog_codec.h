// A Catalog as bytes and back, for the catalog cache (lint/cache/catalog_cache.h). Written
// through the catalog's public fields only, so the catalog's internals may change freely; a
// field added to the catalog must be added here (tests/cache checks the structs' shape).
#pragma once

#include <string>
#include <string_view>

#include "lint/catalog/catalog.h"
#include "lint/support/error.h"

namespace pgdrydock {

// Compact and self-delimiting: lengths and counts as LEB128 varints, strings as length + bytes.
std::string encode_catalog(const Catalog& catalog);

// The catalog the bytes hold, or an Input Error ("truncated", "malformed") for any bytes that
// encode_catalog did not write whole. Never trusts a count: every count is bounded by the bytes
// left, so hostile input cannot make it allocate more than its own size allows.
Expected<Catalog> decode_catalog(std::string_view bytes);

} // namespace pgdrydock
