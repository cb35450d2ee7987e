// lint/cache/: a catalog survives encode/decode whole, and bytes it did not write (truncated,
// flipped, another version) are refused with a reason, never trusted, never a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "lint/cache/catalog_cache.h"
#include "lint/cache/catalog_codec.h"
#include "lint/catalog/diff.h"
#include "lint/catalog/replay.h"
#include "tests/fuzz/entries/catalog_cache_entry.h"

namespace pgdrydock {
namespace {

namespace fs = std::filesystem;

// The catalog after every up script of the history in `dir` (a folder of the repository).
Catalog replayed(const std::string& dir) {
  MigrationSet set = load_migrations({std::string(PGDRYDOCK_SOURCE_DIR) + "/" + dir}, {});
  EXPECT_FALSE(set.migrations.empty()) << dir;
  return *replay_history(set.migrations, nullptr, set.migrations.size()).back();
}

// What diff_catalogs reports for a catalog against itself (it reports the objects it cannot
// compare, e.g. functions whose overloads it does not tell apart): the baseline for a copy.
std::string self_differences(const Catalog& catalog) {
  std::string out;
  for (const CatalogDifference& d : diff_catalogs(catalog, catalog))
    out += describe(d) + "\n";
  return out;
}

const std::vector<std::string> kHistories = {"examples/golang-migrate", "examples/dbmate",
                                             "rules/fixtures", "tests/fixtures/layouts/flyway",
                                             "tests/fixtures/simulate/rls"};

TEST(CatalogCodec, EveryExampleCatalogRoundTrips) {
  for (const std::string& dir : kHistories) {
    SCOPED_TRACE(dir);
    const Catalog original = replayed(dir);
    ASSERT_FALSE(original.tables.empty());
    const std::string bytes = encode_catalog(original);
    Expected<Catalog> decoded = decode_catalog(bytes);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(encode_catalog(*decoded), bytes);
    // The diff of the schema model itself: what the decoded one lacks or adds.
    std::string differences;
    for (const CatalogDifference& d : diff_catalogs(original, *decoded))
      differences += describe(d) + "\n";
    EXPECT_EQ(differences, self_differences(original));
    EXPECT_EQ(decoded->trusted, original.trusted);
    EXPECT_EQ(decoded->opaque_text.pieces(), original.opaque_text.pieces());
    EXPECT_EQ(decoded->search_path, original.search_path);
  }
}

TEST(CatalogCodec, EveryTruncationIsRefused) {
  const std::string bytes = encode_catalog(replayed("examples/dbmate"));
  for (std::size_t n = 0; n < bytes.size(); ++n)
    ASSERT_FALSE(decode_catalog(std::string_view(bytes).substr(0, n))) << n;
}

TEST(CatalogCodec, HugeCountsAreRefusedWithoutAllocating) {
  // A schema count of 2^63 with nothing after it: refused as truncated, not reserved.
  const std::string bytes = "\xff\xff\xff\xff\xff\xff\xff\xff\x7f";
  Expected<Catalog> decoded = decode_catalog(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().message, "truncated");
}

// A field added to the catalog's structs must be added to lint/cache/catalog_codec.cpp (and
// kCatalogCacheFormat bumped): the sizes below change with the fields (GCC on x86-64).
#if defined(__x86_64__) && defined(__GLIBCXX__)
TEST(CatalogCodec, StructsHaveTheFieldsTheCodecWrites) {
  EXPECT_EQ(sizeof(CatalogColumn), 184u) << "update lint/cache/catalog_codec.cpp";
  EXPECT_EQ(sizeof(CatalogConstraint), 240u) << "update lint/cache/catalog_codec.cpp";
  EXPECT_EQ(sizeof(CatalogTable), 328u) << "update lint/cache/catalog_codec.cpp";
  EXPECT_EQ(sizeof(CatalogIndex), 200u) << "update lint/cache/catalog_codec.cpp";
  EXPECT_EQ(sizeof(CatalogSequence), 64u) << "update lint/cache/catalog_codec.cpp";
  EXPECT_EQ(sizeof(CatalogView), 56u) << "update lint/cache/catalog_codec.cpp";
  EXPECT_EQ(sizeof(CatalogDomain), 88u) << "update lint/cache/catalog_codec.cpp";
}
#endif

CachedCatalog sample() {
  return CachedCatalog{0x1234, 3, replayed("examples/golang-migrate")};
}

TEST(CatalogCacheFile, RoundTripsKeyAndPrefix) {
  Expected<CachedCatalog> back = decode_catalog_cache(encode_catalog_cache(sample()));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->key, 0x1234u);
  EXPECT_EQ(back->migrations, 3u);
  EXPECT_TRUE(diff_catalogs(sample().catalog, back->catalog).empty());
}

TEST(CatalogCacheFile, RefusesWhatItDidNotWriteWhole) {
  const std::string good = encode_catalog_cache(sample());
  auto reason = [](std::string_view bytes) {
    Expected<CachedCatalog> r = decode_catalog_cache(bytes);
    return r ? std::string("accepted") : r.error().message;
  };
  EXPECT_EQ(reason(""), "not a pgdrydock catalog cache");
  EXPECT_EQ(reason("SQLite format 3"), "not a pgdrydock catalog cache");
  EXPECT_EQ(reason(std::string_view(good).substr(0, good.size() - 1)), "truncated");
  EXPECT_EQ(reason(std::string_view(good).substr(0, 20)), "truncated");
  EXPECT_EQ(reason(good + "x"), "trailing bytes");

  std::string flipped = good;
  flipped[flipped.size() / 2 + 40] ^= 0x20;
  EXPECT_EQ(reason(flipped), "checksum mismatch");

  std::string other_format = good;
  other_format[8] = 9; // the format number follows the 8-byte magic
  EXPECT_EQ(reason(other_format), "cache format 9 (this pgdrydock reads 2)");

  // Another version of the same length: the version's bytes follow magic, format and length.
  std::string other_version = good;
  other_version[24] = other_version[24] == '9' ? '8' : '9';
  EXPECT_NE(reason(other_version).find("written by pgdrydock "), std::string::npos)
      << reason(other_version);
}

TEST(CatalogCacheKeys, AChangeInAFileChangesItsKeyAndEveryKeyAfter) {
  MigrationSet set =
      load_migrations({std::string(PGDRYDOCK_SOURCE_DIR) + "/examples/golang-migrate"}, {});
  ASSERT_GE(set.migrations.size(), 3u);
  const std::vector<std::uint64_t> keys = catalog_prefix_keys(set.migrations, 7);
  ASSERT_EQ(keys.size(), set.migrations.size() + 1);
  EXPECT_EQ(keys[0], 7u);
  EXPECT_EQ(catalog_prefix_keys(set.migrations, 7), keys); // deterministic
  EXPECT_NE(catalog_prefix_keys(set.migrations, 8)[1], keys[1]);

  Migration& second = set.migrations[1];
  second.up.file =
      std::make_shared<const SourceFile>(second.up.file->path(), second.up.file->content() + "\n");
  const std::vector<std::uint64_t> changed = catalog_prefix_keys(set.migrations, 7);
  EXPECT_EQ(changed[1], keys[1]);
  for (std::size_t k = 2; k < keys.size(); ++k)
    EXPECT_NE(changed[k], keys[k]) << k;
}

TEST(CatalogCacheKeys, SeedCoversSchemaAndVersion) {
  EXPECT_EQ(catalog_cache_seed("", 15), catalog_cache_seed("", 15));
  EXPECT_NE(catalog_cache_seed("", 15), catalog_cache_seed("", 14));
  EXPECT_NE(catalog_cache_seed("", 15), catalog_cache_seed("CREATE TABLE a();", 15));
}

} // namespace
} // namespace pgdrydock

namespace pgdrydock {
namespace {

// The fuzz target's entry (tests/fuzz/entries/catalog_cache_entry.h) on its seeds and on every
// one-byte change of the small one: decoded and round-tripped, or refused; never a crash.
TEST(CatalogCodecFuzzEntry, SeedsAndTheirOneByteChanges) {
  const std::string dir = std::string(PGDRYDOCK_SOURCE_DIR) + "/tests/fuzz/seeds/catalog_cache";
  std::vector<std::string> seeds;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(e.path(), std::ios::binary);
    seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  ASSERT_FALSE(seeds.empty());
  std::sort(seeds.begin(), seeds.end(),
            [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
  for (const std::string& seed : seeds)
    EXPECT_TRUE(fuzz::decode_cached_catalog(seed));
  int refused = 0;
  std::string bytes = seeds.front();
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char was = bytes[i];
    bytes[i] = static_cast<char>(was ^ 0x41);
    refused += fuzz::decode_cached_catalog(bytes) ? 0 : 1; // throws if a property fails
    bytes[i] = was;
  }
  EXPECT_GT(refused, 0);
}

} // namespace
} // namespace pgdrydock
