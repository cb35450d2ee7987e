#include "simulate/sandbox/temp_dir.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <vector>

#include <fmt/format.h>

#include "simulate/sandbox/sandbox.h"

namespace pgdrydock {

namespace fs = std::filesystem;

namespace {

// Every folder on the way must let others pass (o+x), else the postgres user cannot reach it.
bool reachable_by_others(const fs::path& dir) {
  fs::path p = fs::absolute(dir);
  for (fs::path cur = p; !cur.empty(); cur = cur.parent_path()) {
    struct stat st {};
    if (stat(cur.c_str(), &st) != 0 || (st.st_mode & S_IXOTH) == 0)
      return false;
    if (cur == cur.root_path())
      break;
  }
  return true;
}

} // namespace

std::string make_private_temp_dir(const std::string& prefix, bool must_be_reachable_by_others) {
  std::string base = "/tmp";
  if (const char* tmp = std::getenv("TMPDIR"); tmp && *tmp) {
    // The socket lives in this folder: keep the path well under the 107-byte socket limit.
    if (std::strlen(tmp) < 60 && (!must_be_reachable_by_others || reachable_by_others(tmp)))
      base = tmp;
  }
  std::string templ = base + "/" + prefix + "XXXXXX";
  std::vector<char> buffer(templ.begin(), templ.end());
  buffer.push_back('\0');
  if (!mkdtemp(buffer.data()))
    throw ErrorException(environment_error(
        fmt::format("cannot create a temporary folder under {}: {}", base, std::strerror(errno))));
  return std::string(buffer.data()); // mkdtemp creates it 0700
}

void chown_tree(const std::string& path, uid_t uid, gid_t gid) {
  if (lchown(path.c_str(), uid, gid) != 0)
    throw ErrorException(environment_error(
        fmt::format("cannot hand {} to uid {}: {}", path, uid, std::strerror(errno))));
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (lchown(it->path().c_str(), uid, gid) != 0)
      throw ErrorException(environment_error(fmt::format(
          "cannot hand {} to uid {}: {}", it->path().string(), uid, std::strerror(errno))));
  }
  if (ec)
    throw ErrorException(environment_error(fmt::format("cannot walk {}: {}", path, ec.message())));
}

bool remove_tree(const std::string& path) noexcept {
  if (path.empty())
    return true;
  std::error_code ec;
  fs::remove_all(path, ec);
  return !ec && !fs::exists(path, ec);
}

std::string default_cache_dir() {
  fs::path dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    dir = fs::path(xdg) / "pgdrydock";
  } else {
    const char* home = std::getenv("HOME");
    std::string home_dir = home && *home ? home : "";
    if (home_dir.empty()) {
      if (passwd* pw = getpwuid(geteuid()); pw && pw->pw_dir)
        home_dir = pw->pw_dir;
    }
    if (home_dir.empty())
      home_dir = "/tmp";
    dir = fs::path(home_dir) / ".cache" / "pgdrydock";
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw ErrorException(environment_error(fmt::format(
        "cannot create the cache folder {}: {} (set XDG_CACHE_HOME)", dir.string(), ec.message())));
  return dir.string();
}

std::string file_tail(const std::string& path, int max_lines) {
  std::ifstream in(path);
  if (!in)
    return "";
  std::deque<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line);
    if (static_cast<int>(lines.size()) > max_lines)
      lines.pop_front();
  }
  std::string out;
  for (const auto& l : lines)
    out += l + "\n";
  return out;
}

} // namespace pgdrydock
