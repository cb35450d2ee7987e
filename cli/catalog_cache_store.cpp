#include "cli/catalog_cache_store.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>

#include <fmt/format.h>

#include "cli/atomic_write.h"
#include "cli/exit_codes.h"
#include "lint/cache/catalog_cache.h"
#include "lint/sources/read_source.h"
#include "simulate/sandbox/temp_dir.h"

namespace pgdrydock {
namespace fs = std::filesystem;

CatalogCacheRun::CatalogCacheRun(const CatalogCacheSettings& settings,
                                 const std::vector<std::string>& paths,
                                 const std::string& schema_text, int pg_version,
                                 std::ostream& notes)
    : notes_(notes) {
  if (!settings.enabled)
    return;
  std::string dir = settings.dir;
  if (const char* env = std::getenv("PGDRYDOCK_CACHE_DIR"); dir.empty() && env && *env)
    dir = env;
  if (dir.empty())
    dir = settings.config_dir;
  if (dir.empty()) {
    try { // the per-user cache folder the sandbox keeps its template cluster in too
      dir = default_cache_dir();
    } catch (const ErrorException& e) {
      notes_ << "pgdrydock: note: catalog cache not used: "
             << printable_for_terminal(e.error().message) << '\n';
      return;
    }
  }
  seed_ = catalog_cache_seed(schema_text, pg_version);
  // The same relative paths from another folder are another history (their display paths,
  // recorded in the catalog, differ): the current folder names the file too.
  std::error_code ec;
  std::vector<std::string> named{fs::current_path(ec).string()};
  named.insert(named.end(), paths.begin(), paths.end());
  file_ = (fs::path(dir) / catalog_cache_file_name(seed_, named)).string();
  enabled_ = true;
}

void CatalogCacheRun::note(const std::string& message) const {
  notes_ << "pgdrydock: note: catalog cache " << printable_for_terminal(file_) << ": "
         << printable_for_terminal(message) << '\n';
}

// Whether the cache file's header already names the prefix [0, migrations) of this history as
// it is: the whole-history run that keeps the same prefix as last time then neither encodes
// nor rewrites tens of megabytes. Only the header is read; a damaged payload behind a good
// header is found (and replaced) by the next run that reads it.
bool CatalogCacheRun::file_holds(std::size_t migrations) const {
  std::ifstream in(file_, std::ios::binary);
  std::string head(kCatalogCacheHeaderBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  Expected<CachedPrefix> prefix = decode_catalog_cache_prefix(head);
  return prefix && prefix->migrations == migrations && prefix->key == keys_[migrations];
}

void CatalogCacheRun::attach(const MigrationSet& set, std::size_t first_linted, LintOptions& lint) {
  if (!enabled_ || !lint.use_catalog || set.migrations.empty())
    return;
  keys_ = catalog_prefix_keys(set.migrations, seed_);
  const std::size_t cacheable = keys_.size() - 1; // migrations the keys cover
  std::size_t resumed = 0;
  std::error_code ec;
  const bool read = first_linted > 0 && fs::exists(file_, ec);
  if (read) {
    Expected<std::string> bytes =
        sources::read_regular_file(file_, file_, kMaxCatalogCacheBytes, "a catalog cache file");
    Expected<CachedCatalog> cached =
        bytes ? decode_catalog_cache(*bytes) : Expected<CachedCatalog>(tl::unexpect, bytes.error());
    if (!cached) {
      note(cached.error().message + "; ignored, replaying the history");
    } else if (cached->migrations == 0 || cached->migrations > cacheable ||
               keys_[cached->migrations] != cached->key) {
      note(fmt::format("the history's first {} migrations changed since it was written; "
                       "ignored, replaying the history",
                       cached->migrations));
    } else if (cached->migrations <= first_linted) {
      resumed = cached->migrations;
      lint.resume_at = resumed;
      lint.resume_catalog = std::make_shared<const Catalog>(std::move(cached->catalog));
    } // else: a prefix past the first linted migration; valid, but of no use to this run
  }
  // Keep the catalog before the first linted migration (before the newest, for the whole
  // history: the next pre-commit run lints that one), unless the cache already holds it.
  const std::size_t keep = first_linted > 0 ? first_linted : set.migrations.size() - 1;
  // A file read above is trusted only as far as that read went (a damaged one is replaced);
  // one not read (the whole history's run) is judged by its header.
  if (keep == 0 || keep > cacheable || keep == resumed || (!read && file_holds(keep)))
    return;
  keep_at_ = keep;
  lint.keep_at = keep;
  lint.keep_catalog = [this](const Catalog& catalog) {
    kept_ = encode_catalog_cache(CachedCatalog{keys_[keep_at_], keep_at_, catalog});
  };
}

void CatalogCacheRun::store() {
  if (kept_.empty())
    return;
  if (kept_.size() > kMaxCatalogCacheBytes) {
    note(fmt::format("not stored: {} bytes is over the cache's limit of {} bytes", kept_.size(),
                     kMaxCatalogCacheBytes));
    return;
  }
  std::error_code ec;
  fs::create_directories(fs::path(file_).parent_path(), ec);
  if (ec) {
    note("not stored: cannot create its folder: " + ec.message());
    return;
  }
  if (Expected<void> written = write_atomically(file_, kept_); !written)
    note("not stored: " + written.error().message);
}

} // namespace pgdrydock
