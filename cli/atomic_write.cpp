#include "cli/atomic_write.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace pgdrydock {

Expected<void> write_atomically(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path temporary =
      target.parent_path() / fmt::format(".{}.tmp-{}", target.filename().string(), getpid());
  auto problem = [&](std::string message) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    return fail(Error{path, 0, 0, std::move(message), ErrorKind::Input});
  };
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out)
      return problem("cannot write (is the folder there and writable?)");
    out << text;
    out.flush();
    if (!out)
      return problem("writing failed (disk full?)");
  }
  std::error_code ec;
  fs::rename(temporary, target, ec);
  if (ec)
    return problem("cannot replace it: " + ec.message());
  return {};
}

} // namespace pgdrydock
