// The catalog cache (issue 15): the catalog after the up scripts of an unchanged prefix of a
// history, so that `lint --changed` replays only the migrations after it. This file holds what
// the cache means (its keys) and its file format; cli/catalog_cache_store.h reads and writes the
// files.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lint/catalog/catalog.h"
#include "lint/migration.h"
#include "lint/support/error.h"

namespace pgdrydock {

// Bumped whenever the payload's layout (lint/cache/catalog_codec.cpp) changes.
inline constexpr std::uint32_t kCatalogCacheFormat = 2; // 2: dropped_columns, persistent maps
// A catalog larger than this is not stored, and a file larger than this is not read.
inline constexpr std::uint64_t kMaxCatalogCacheBytes = 512ull << 20;

// What a replayed catalog depends on besides the migrations: the cache format, pgdrydock's
// version, the --schema file's bytes (empty when none) and the target PostgreSQL version.
std::uint64_t catalog_cache_seed(std::string_view schema_text, int pg_version);

// keys[k] is the key of the catalog after the up scripts of migrations [0, k) (keys[0] is the
// seed): a chain of XXH3 hashes over each up script's file path, its file's bytes and its byte
// range, so renaming, editing or reordering a file changes every key after it. The chain stops
// before the first migration whose SQL is generated (Alembic revisions: their locations point
// at Python lines the hash does not cover), so no prefix past it is cached. Linear in the bytes.
std::vector<std::uint64_t> catalog_prefix_keys(std::span<const Migration> migrations,
                                               std::uint64_t seed);

// The cache file for one history: named by the seed and the paths that name the history, so
// two repositories (or two configs) never overwrite each other's file.
std::string catalog_cache_file_name(std::uint64_t seed, const std::vector<std::string>& paths);

struct CachedCatalog {
  std::uint64_t key = 0;      // catalog_prefix_keys(...)[migrations]
  std::size_t migrations = 0; // the prefix's length
  Catalog catalog;
};

// What a cache file's header says it holds, read without its payload (cheap whatever the
// catalog's size): whether a file already holds the prefix a run would store.
struct CachedPrefix {
  std::uint64_t key = 0;
  std::size_t migrations = 0;
};
// An Input Error as decode_catalog_cache's when the header is not one this build writes.
// `bytes` may be only the start of the file (kCatalogCacheHeaderBytes are enough).
Expected<CachedPrefix> decode_catalog_cache_prefix(std::string_view bytes);
inline constexpr std::size_t kCatalogCacheHeaderBytes = 256;

// Header (magic, format, pgdrydock version, key, prefix length, payload length, XXH3 checksum of
// the payload) followed by the encoded catalog.
std::string encode_catalog_cache(const CachedCatalog& cached);
// The cached catalog, or an Input Error saying why the bytes are not one this build wrote whole:
// "not a pgdrydock catalog cache", "format N", "written by pgdrydock X", "truncated",
// "checksum mismatch", or the payload's own decoding error. Never trusts a length.
Expected<CachedCatalog> decode_catalog_cache(std::string_view bytes);

} // namespace pgdrydock
