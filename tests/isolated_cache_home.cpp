// Linked into every test executable (tests/CMakeLists.txt): points PGDRYDOCK_CACHE_DIR at a
// fresh folder of this process before any test runs, so that no pgdrydock a test starts writes
// its catalog cache (cli/catalog_cache_store.h) into the real ~/.cache, and tests do not share
// caches. (XDG_CACHE_HOME stays: the sandbox's template cluster is meant to be shared by every
// test process.) The folder is world-writable (sticky, as /tmp) because some tests run
// pgdrydock as `nobody`; it is removed when the process exits.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

class IsolatedCacheHome {
public:
  IsolatedCacheHome() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "pgdrydock-test-cache-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      std::abort(); // a test run that could write into $HOME must not start
    path_ = pattern;
    ::chmod(path_.c_str(), 01777);
    ::setenv("PGDRYDOCK_CACHE_DIR", path_.c_str(), 1);
  }
  ~IsolatedCacheHome() {
    if (::getpid() != owner_)
      return; // a forked child that exits: the folder is still its parent's
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  IsolatedCacheHome(const IsolatedCacheHome&) = delete;
  IsolatedCacheHome& operator=(const IsolatedCacheHome&) = delete;

private:
  std::string path_;
  pid_t owner_ = ::getpid();
};

const IsolatedCacheHome isolated_cache_home;

} // namespace
