#include "lint/cache/catalog_cache.h"

#include <xxhash.h>

#include <fmt/format.h>

#include "lint/cache/catalog_codec.h"

namespace pgdrydock {
namespace {

constexpr std::string_view kMagic = "PGDDCAT\n";
constexpr std::size_t kMaxVersionBytes = 64;

// Fixed-width little-endian integers, whatever the host's byte order.
void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

class HeaderReader {
public:
  explicit HeaderReader(std::string_view bytes) : in_(bytes) {}
  bool has(std::size_t n) const { return in_.size() - at_ >= n; }
  std::uint64_t u64() { // callers check has(8) first
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in_[at_ + i])) << (8 * i);
    at_ += 8;
    return v;
  }
  std::string_view take(std::size_t n) {
    std::string_view v = in_.substr(at_, n);
    at_ += n;
    return v;
  }
  std::string_view rest() const { return in_.substr(at_); }

private:
  std::string_view in_;
  std::size_t at_ = 0;
};

void hash_u64(XXH3_state_t* state, std::uint64_t v) {
  std::string bytes;
  put_u64(bytes, v);
  XXH3_64bits_update(state, bytes.data(), bytes.size());
}

void hash_text(XXH3_state_t* state, std::string_view text) {
  hash_u64(state, text.size()); // length first: "ab"+"c" and "a"+"bc" differ
  XXH3_64bits_update(state, text.data(), text.size());
}

struct StateDeleter {
  void operator()(XXH3_state_t* s) const { XXH3_freeState(s); }
};
using HashState = std::unique_ptr<XXH3_state_t, StateDeleter>;

HashState new_state(std::uint64_t seed) {
  HashState state(XXH3_createState());
  if (!state)
    throw std::bad_alloc();
  XXH3_64bits_reset_withSeed(state.get(), seed);
  return state;
}

Error bad_cache(std::string message) {
  return Error{{}, 0, 0, std::move(message), ErrorKind::Input};
}

} // namespace

std::uint64_t catalog_cache_seed(std::string_view schema_text, int pg_version) {
  HashState state = new_state(0);
  hash_u64(state.get(), kCatalogCacheFormat);
  hash_text(state.get(), PGDRYDOCK_VERSION);
  hash_text(state.get(), schema_text);
  hash_u64(state.get(), static_cast<std::uint64_t>(pg_version));
  return XXH3_64bits_digest(state.get());
}

std::vector<std::uint64_t> catalog_prefix_keys(std::span<const Migration> migrations,
                                               std::uint64_t seed) {
  std::vector<std::uint64_t> keys{seed};
  keys.reserve(migrations.size() + 1);
  for (const Migration& m : migrations) {
    const Script& up = m.up;
    if (!up.file || up.file->origin_at(up.begin) != nullptr)
      break; // generated SQL: see the header
    HashState state = new_state(keys.back());
    hash_text(state.get(), up.file->path());
    hash_text(state.get(), up.file->content());
    hash_u64(state.get(), up.begin);
    hash_u64(state.get(), up.end);
    keys.push_back(XXH3_64bits_digest(state.get()));
  }
  return keys;
}

std::string catalog_cache_file_name(std::uint64_t seed, const std::vector<std::string>& paths) {
  HashState state = new_state(seed);
  for (const std::string& p : paths)
    hash_text(state.get(), p);
  return fmt::format("catalog-{:016x}.bin", XXH3_64bits_digest(state.get()));
}

std::string encode_catalog_cache(const CachedCatalog& cached) {
  const std::string payload = encode_catalog(cached.catalog);
  const std::string_view version = PGDRYDOCK_VERSION;
  std::string out(kMagic);
  put_u64(out, kCatalogCacheFormat);
  put_u64(out, version.size());
  out.append(version);
  put_u64(out, cached.key);
  put_u64(out, cached.migrations);
  put_u64(out, payload.size());
  put_u64(out, XXH3_64bits(payload.data(), payload.size()));
  out.append(payload);
  return out;
}

namespace {
// Reads the header up to the payload's length and checksum (left for the caller to read).
Expected<CachedPrefix> read_header(HeaderReader& r) {
  if (!r.has(kMagic.size()) || r.take(kMagic.size()) != kMagic)
    return fail(bad_cache("not a pgdrydock catalog cache"));
  if (!r.has(16))
    return fail(bad_cache("truncated"));
  if (const std::uint64_t format = r.u64(); format != kCatalogCacheFormat)
    return fail(bad_cache(
        fmt::format("cache format {} (this pgdrydock reads {})", format, kCatalogCacheFormat)));
  const std::uint64_t version_size = r.u64();
  if (version_size > kMaxVersionBytes || !r.has(version_size))
    return fail(bad_cache("truncated"));
  if (std::string_view version = r.take(version_size); version != PGDRYDOCK_VERSION)
    return fail(
        bad_cache(fmt::format("written by pgdrydock {} (this is {})", version, PGDRYDOCK_VERSION)));
  if (!r.has(32))
    return fail(bad_cache("truncated"));
  CachedPrefix prefix;
  prefix.key = r.u64();
  prefix.migrations = static_cast<std::size_t>(r.u64());
  return prefix;
}
} // namespace

Expected<CachedPrefix> decode_catalog_cache_prefix(std::string_view bytes) {
  HeaderReader r(bytes);
  return read_header(r);
}

Expected<CachedCatalog> decode_catalog_cache(std::string_view bytes) {
  HeaderReader r(bytes);
  Expected<CachedPrefix> prefix = read_header(r);
  if (!prefix)
    return fail(std::move(prefix.error()));
  CachedCatalog cached;
  cached.key = prefix->key;
  const std::uint64_t payload_size = r.u64();
  const std::uint64_t checksum = r.u64();
  if (payload_size != r.rest().size())
    return fail(bad_cache(payload_size > r.rest().size() ? "truncated" : "trailing bytes"));
  const std::string_view payload = r.rest();
  if (XXH3_64bits(payload.data(), payload.size()) != checksum)
    return fail(bad_cache("checksum mismatch"));
  Expected<Catalog> catalog = decode_catalog(payload);
  if (!catalog)
    return fail(std::move(catalog.error()));
  cached.migrations = prefix->migrations;
  cached.catalog = std::move(*catalog);
  return cached;
}

} // namespace pgdrydock
