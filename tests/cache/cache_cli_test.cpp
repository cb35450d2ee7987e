// `pgdrydock lint` with the catalog cache, run as a user runs it: findings with the cache are
// byte for byte those without it; a cache that no longer fits the history, or that is damaged,
// is ignored with a note; --no-cache writes nothing; an unwritable cache is a note, not a
// failure. Every run names a cache folder under the test's own temporary folder.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "../common/run_command.h"
#include "../common/temp_folder.h"
#include "lint/cache/catalog_cache.h"

namespace pgdrydock {
namespace {

namespace fs = std::filesystem;
using test::CapturedRun;
using test::run_captured;

CapturedRun lint(std::vector<std::string> args) {
  args.insert(args.begin(), {PGDRYDOCK_BINARY, "lint", "--format", "json"});
  return run_captured(std::move(args));
}

// lint without the test process's PGDRYDOCK_CACHE_DIR (tests/isolated_cache_home.cpp), so the
// folder comes from the config or XDG_CACHE_HOME; `env` adds KEY=VALUE settings.
CapturedRun lint_with_env(std::vector<std::string> args, std::vector<std::string> env = {}) {
  ProcessOptions options;
  options.argv = {PGDRYDOCK_BINARY, "lint", "--format", "json"};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.env_set = {"PGDRYDOCK_CACHE_DIR="};
  options.env_set.insert(options.env_set.end(), env.begin(), env.end());
  ProcessResult run = run_process(options);
  return {run.status.code(), std::move(run.out), std::move(run.err)};
}

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".sql")
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<fs::path> cache_files(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (fs::exists(dir, ec))
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (e.is_regular_file())
        out.push_back(e.path());
  return out;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_all(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

// Every migration of every example and rules fixture history, linted alone with --changed
// (one cache shared by the runs of a history, so each run may resume from what an earlier run
// kept), and the whole history: the same report and exit code as without the cache.
TEST(CatalogCacheCli, SameFindingsWithAndWithoutTheCache) {
  for (std::string dir : {"examples/golang-migrate", "examples/dbmate", "rules/fixtures",
                          "tests/fixtures/layouts/flyway", "tests/fixtures/layouts/plain"}) {
    SCOPED_TRACE(dir);
    testing::TempFolder tmp;
    const std::string cache = (tmp.path() / "cache").string();
    const std::string history = std::string(PGDRYDOCK_SOURCE_DIR) + "/" + dir;
    std::vector<std::string> whole = {history, "--cache-dir", cache};
    CapturedRun cold = lint(whole);
    CapturedRun plain = lint({history, "--no-cache"});
    EXPECT_EQ(cold.out, plain.out);
    EXPECT_EQ(cold.exit_code, plain.exit_code);
    EXPECT_EQ(cache_files(cache).size(), 1u); // the whole history keeps the prefix of the newest
    for (const fs::path& file : files_in(history)) {
      SCOPED_TRACE(file.filename().string());
      CapturedRun uncached = lint({history, "--changed", file.string(), "--no-cache"});
      for (int run = 0; run < 2; ++run) { // the first may keep a prefix, the second reuses it
        CapturedRun cached = lint({history, "--changed", file.string(), "--cache-dir", cache});
        EXPECT_EQ(cached.out, uncached.out);
        EXPECT_EQ(cached.exit_code, uncached.exit_code);
        EXPECT_EQ(cached.err.find("note: catalog cache"), std::string::npos) << cached.err;
      }
    }
  }
}

struct SmallHistory {
  testing::TempFolder tmp;
  fs::path dir = tmp.path() / "migrations";
  std::string cache = (tmp.path() / "cache").string();
  SmallHistory() {
    fs::create_directories(dir);
    write_all(dir / "1_create.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY);\n");
    write_all(dir / "2_more.sql", "CREATE TABLE other (id int);\n");
    write_all(dir / "3_alter.sql",
              "SET lock_timeout = '1s';\nALTER TABLE accounts ADD COLUMN note text;\n");
  }
  std::string newest() const { return (dir / "3_alter.sql").string(); }
  CapturedRun changed(bool use_cache) const {
    std::vector<std::string> args = {dir.string(), "--changed", newest()};
    if (use_cache) {
      args.insert(args.end(), {"--cache-dir", cache});
    } else {
      args.push_back("--no-cache");
    }
    return lint(args);
  }
  fs::path cache_file() const {
    std::vector<fs::path> files = cache_files(cache);
    EXPECT_EQ(files.size(), 1u);
    return files.empty() ? fs::path() : files.front();
  }
};

// The cache is read when its key matches: a cached catalog that lacks the table makes the
// changed migration's ALTER name an unknown table (which proves the run resumed from it), and a
// catalog with the table does not.
TEST(CatalogCacheCli, AMatchingCacheIsWhatTheRunStartsFrom) {
  SmallHistory h;
  CapturedRun first = h.changed(true);
  EXPECT_EQ(first.out.find("unknown-object"), std::string::npos) << first.out;
  const fs::path file = h.cache_file();
  Expected<CachedCatalog> cached = decode_catalog_cache(read_all(file));
  ASSERT_TRUE(cached) << cached.error().message;
  EXPECT_EQ(cached->migrations, 2u);
  ASSERT_TRUE(cached->catalog.tables.get("public.accounts"));

  cached->catalog.tables.erase("public.accounts");
  write_all(file, encode_catalog_cache(*cached));
  CapturedRun doctored = h.changed(true);
  EXPECT_NE(doctored.out.find("unknown-object"), std::string::npos) << doctored.out;
}

// A run that would store the prefix the cache file already holds leaves the file alone (a
// history's cache is tens of megabytes): the whole history linted twice, then --changed on the
// newest, write it once. After an earlier file changed, the next run writes it again.
TEST(CatalogCacheCli, AnUnchangedCacheIsNotRewritten) {
  SmallHistory h;
  const std::vector<std::string> whole = {h.dir.string(), "--cache-dir", h.cache};
  const CapturedRun first = lint(whole);
  const fs::path file = h.cache_file();
  const fs::file_time_type long_ago = fs::last_write_time(file) - std::chrono::hours(24);
  fs::last_write_time(file, long_ago);
  const CapturedRun second = lint(whole);
  EXPECT_EQ(second.out, first.out);
  EXPECT_EQ(fs::last_write_time(file), long_ago);
  const CapturedRun changed = h.changed(true); // resumes from that prefix: nothing to store
  EXPECT_EQ(changed.err.find("note:"), std::string::npos) << changed.err;
  EXPECT_EQ(fs::last_write_time(file), long_ago);
  write_all(h.dir / "1_create.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY, x int);\n");
  const CapturedRun after_edit = lint(whole);
  EXPECT_NE(fs::last_write_time(file), long_ago);
  EXPECT_EQ(after_edit.exit_code, first.exit_code);
}

// An earlier file changed: the cached prefix no longer fits, a note says so, and the findings
// are those of a run without the cache (here the ALTER's table no longer exists).
TEST(CatalogCacheCli, AnEarlierChangeInvalidatesTheCache) {
  SmallHistory h;
  CapturedRun first = h.changed(true);
  EXPECT_EQ(first.out.find("unknown-object"), std::string::npos);
  write_all(h.dir / "1_create.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
  CapturedRun uncached = h.changed(false);
  EXPECT_NE(uncached.out.find("unknown-object"), std::string::npos) << uncached.out;
  CapturedRun cached = h.changed(true);
  EXPECT_EQ(cached.out, uncached.out);
  EXPECT_EQ(cached.exit_code, uncached.exit_code);
  EXPECT_NE(cached.err.find("first 2 migrations changed"), std::string::npos) << cached.err;
  // The run stored the prefix as it is now: the next run uses it without a note.
  CapturedRun again = h.changed(true);
  EXPECT_EQ(again.out, uncached.out);
  EXPECT_EQ(again.err.find("note:"), std::string::npos) << again.err;
}

TEST(CatalogCacheCli, DamagedCacheFilesAreIgnoredWithANote) {
  SmallHistory h;
  const CapturedRun uncached = h.changed(false);
  h.changed(true);
  const fs::path file = h.cache_file();
  const std::string good = read_all(file);
  std::string flipped = good;
  flipped[flipped.size() - 3] ^= 0x01;
  std::string other_version = good;
  other_version[24] = other_version[24] == '9' ? '8' : '9';
  const std::vector<std::pair<std::string, std::string>> cases = {
      {good.substr(0, good.size() / 2), "truncated"},
      {good.substr(0, 5), "not a pgdrydock catalog cache"},
      {flipped, "checksum mismatch"},
      {other_version, "written by pgdrydock"},
      {std::string(4096, '\0'), "not a pgdrydock catalog cache"}};
  for (const auto& [bytes, reason] : cases) {
    SCOPED_TRACE(reason);
    write_all(file, bytes);
    CapturedRun run = h.changed(true);
    EXPECT_EQ(run.out, uncached.out);
    EXPECT_EQ(run.exit_code, uncached.exit_code);
    EXPECT_NE(run.err.find("note: catalog cache " + file.string() + ": " + reason),
              std::string::npos)
        << run.err;
    EXPECT_EQ(read_all(file), good); // replaced by a whole, fitting file
  }
}

TEST(CatalogCacheCli, NoCacheWritesNothing) {
  SmallHistory h;
  h.changed(false);
  lint({h.dir.string(), "--no-cache"});
  EXPECT_FALSE(fs::exists(h.cache));
  EXPECT_TRUE(cache_files(getenv("PGDRYDOCK_CACHE_DIR")).empty());
}

// Without --cache-dir the cache goes to $PGDRYDOCK_CACHE_DIR (a folder of this process:
// tests/isolated_cache_home.cpp), never to the real ~/.cache; without that either, to
// $XDG_CACHE_HOME/pgdrydock.
TEST(CatalogCacheCli, DefaultFolders) {
  SmallHistory h;
  const fs::path isolated = getenv("PGDRYDOCK_CACHE_DIR");
  ASSERT_NE(isolated.string().find("pgdrydock-test-cache-"), std::string::npos);
  lint({h.dir.string(), "--changed", h.newest()});
  std::vector<fs::path> files = cache_files(isolated);
  EXPECT_EQ(files.size(), 1u);
  for (const fs::path& f : files)
    fs::remove(f);

  CapturedRun run = lint_with_env({h.dir.string(), "--changed", h.newest()},
                                  {"XDG_CACHE_HOME=" + (h.tmp.path() / "xdg").string()});
  EXPECT_NE(run.exit_code, 2) << run.err;
  EXPECT_EQ(cache_files(h.tmp.path() / "xdg" / "pgdrydock").size(), 1u);
  EXPECT_TRUE(cache_files(isolated).empty());
}

TEST(CatalogCacheCli, AnUnwritableCacheIsANoteNotAFailure) {
  SmallHistory h;
  const CapturedRun uncached = h.changed(false);
  write_all(h.tmp.path() / "not-a-folder", "x"); // a file where the folder would go
  h.cache = (h.tmp.path() / "not-a-folder" / "cache").string();
  CapturedRun run = h.changed(true);
  EXPECT_EQ(run.out, uncached.out);
  EXPECT_EQ(run.exit_code, uncached.exit_code);
  EXPECT_NE(run.err.find("note: catalog cache"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("not stored"), std::string::npos) << run.err;
}

} // namespace
} // namespace pgdrydock

namespace pgdrydock {
namespace {

// [cache] in .pgdrydock.toml: dir relative to the config file, enabled = false as --no-cache,
// and a bad value is a config error naming the file and line (exit 2).
TEST(CatalogCacheCli, ConfigSectionSetsTheFolderOrTurnsItOff) {
  SmallHistory h;
  const fs::path config = h.tmp.path() / "pgdrydock.toml";
  write_all(config, "[cache]\ndir = \"from-config\"\n");
  lint_with_env({h.dir.string(), "--changed", h.newest(), "--config", config.string()});
  EXPECT_EQ(cache_files(h.tmp.path() / "from-config").size(), 1u);

  write_all(config, "[cache]\nenabled = false\ndir = \"off\"\n");
  lint_with_env({h.dir.string(), "--changed", h.newest(), "--config", config.string()});
  EXPECT_FALSE(fs::exists(h.tmp.path() / "off"));

  write_all(config, "[cache]\nenabled = \"no\"\n");
  CapturedRun bad = lint_with_env({h.dir.string(), "--config", config.string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find(config.string() + ":2"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("cache.enabled must be true or false"), std::string::npos) << bad.err;
}

} // namespace
} // namespace pgdrydock

namespace pgdrydock {
namespace {

// The --schema file is part of the key: another schema never reuses the prefix replayed from
// the first one (here the second schema lacks a table the changed migration alters).
TEST(CatalogCacheCli, AnotherSchemaFileIsAnotherKey) {
  testing::TempFolder tmp;
  const fs::path dir = tmp.path() / "migrations";
  fs::create_directories(dir);
  write_all(dir / "1_more.sql", "CREATE TABLE other (id int);\n");
  write_all(dir / "2_alter.sql",
            "SET lock_timeout = '1s';\nALTER TABLE accounts ADD COLUMN note text;\n");
  const fs::path schema = tmp.path() / "schema.sql";
  const std::string cache = (tmp.path() / "cache").string();
  const std::string changed = (dir / "2_alter.sql").string();
  auto run = [&](bool use_cache) {
    std::vector<std::string> args = {dir.string(), "--schema", schema.string(), "--changed",
                                     changed};
    if (use_cache)
      args.insert(args.end(), {"--cache-dir", cache});
    else
      args.push_back("--no-cache");
    return lint(args);
  };
  write_all(schema, "CREATE TABLE public.accounts (id bigint);\n");
  CapturedRun with_table = run(true);
  EXPECT_EQ(with_table.out, run(false).out);
  EXPECT_EQ(with_table.out.find("unknown-object"), std::string::npos) << with_table.out;
  EXPECT_EQ(run(true).out, with_table.out); // the hit

  write_all(schema, "CREATE TABLE public.users (id bigint);\n");
  CapturedRun uncached = run(false);
  EXPECT_NE(uncached.out.find("unknown-object"), std::string::npos) << uncached.out;
  EXPECT_EQ(run(true).out, uncached.out);
  EXPECT_EQ(cache_files(cache).size(), 2u); // one file per key seed
}

} // namespace
} // namespace pgdrydock
