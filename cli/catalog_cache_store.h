// Where `pgdrydock lint` keeps its catalog cache (lint/cache/catalog_cache.h) and how one run
// uses it: look up the cached prefix before the first linted migration, keep the catalog the
// replay reaches there, store it afterwards. A cache that cannot be read or written is a note on
// stderr, never a failure: the run then replays the whole history, as without a cache.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "lint/lint_driver.h"
#include "lint/migration.h"

namespace pgdrydock {

// The folder: --cache-dir, else $PGDRYDOCK_CACHE_DIR, else [cache] dir, else the per-user cache
// folder ($XDG_CACHE_HOME/pgdrydock or ~/.cache/pgdrydock, simulate/sandbox/temp_dir.h).
struct CatalogCacheSettings {
  bool enabled = true;    // --no-cache / [cache] enabled = false turn it off
  std::string dir;        // --cache-dir; empty: see above
  std::string config_dir; // [cache] dir
};

class CatalogCacheRun {
public:
  // `paths`: the history as named on the command line (with the current folder, they name the
  // cache file); `schema_text`: the --schema file's bytes, empty when none.
  CatalogCacheRun(const CatalogCacheSettings& settings, const std::vector<std::string>& paths,
                  const std::string& schema_text, int pg_version, std::ostream& notes);

  // Sets lint's resume/keep hooks for a run that lints `first_linted` onwards (the first of
  // --changed; 0 for the whole history): resumes from the cached prefix when its key matches,
  // and keeps the catalog before `first_linted` (before the newest migration when that is 0).
  void attach(const MigrationSet& set, std::size_t first_linted, LintOptions& lint);

  // Writes the kept catalog (write temp + rename); a failure is a note.
  void store();

private:
  void note(const std::string& message) const;
  bool file_holds(std::size_t migrations) const;

  bool enabled_ = false;
  std::string file_; // the cache file's full path
  std::uint64_t seed_ = 0;
  std::ostream& notes_;
  std::vector<std::uint64_t> keys_;
  std::size_t keep_at_ = 0;
  std::string kept_; // the encoded cache file, empty when nothing to store
};

} // namespace pgdrydock
