#include "lint/sources/read_source.h"

#include <atomic>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lint/sources/text_check.h"

namespace pgdrydock::sources {
namespace {

// Closes the descriptor on every path out.
class FileDescriptor {
public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0)
      ::close(fd_);
  }
  int get() const { return fd_; }

private:
  int fd_;
};

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode))
    return "a folder";
  if (S_ISFIFO(mode))
    return "a FIFO";
  if (S_ISSOCK(mode))
    return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode))
    return "a device";
  return "not a regular file";
}

Error os_error(const std::string& display_path, const char* what, int err) {
  return Error{display_path, 0, 0, std::string(what) + ": " + std::strerror(err)};
}

std::atomic<std::uint64_t> max_file_bytes{kDefaultMaxFileBytes};
std::atomic<std::uint64_t> max_schema_bytes{kDefaultMaxSchemaBytes};

// Reads fd to its end, refusing more than max_bytes (a file that grows while read, a pipe that
// never ends); size_hint avoids regrowing the buffer for regular files.
Expected<std::string> read_all(int fd, std::size_t size_hint, std::uint64_t max_bytes,
                               const std::string& display_path, const char* what) {
  std::string out;
  out.reserve(size_hint);
  char chunk[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n == 0)
      return out;
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return fail(os_error(display_path, what, errno));
    }
    out.append(chunk, static_cast<std::size_t>(n));
    if (Expected<void> fits = check_size(out.size(), max_bytes, display_path); !fits)
      return fail(fits.error());
  }
}

ReadResult finish(std::string content, const std::string& display_path) {
  if (Expected<void> text = check_text(content, display_path); !text)
    return fail(text.error());
  // A UTF-8 byte-order mark is not SQL; blank it (same byte count, so offsets hold).
  if (content.starts_with("\xEF\xBB\xBF"))
    content.replace(0, 3, "   ");
  return std::make_shared<const SourceFile>(display_path, std::move(content));
}

} // namespace

Expected<std::string> read_regular_file(const std::filesystem::path& path,
                                        const std::string& display_path, std::uint64_t max_bytes,
                                        const char* expected) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) {
    int err = errno;
    if (err == ENOENT)
      return fail(Error{display_path, 0, 0, "no such file or folder"});
    if (err == ELOOP) // the OS text ("too many levels of symbolic links") hides the cause
      return fail(Error{display_path, 0, 0, std::string("symlink loop at ").append(path.string())});
    return fail(os_error(display_path, "cannot open", err));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0)
    return fail(os_error(display_path, "cannot stat", errno));
  if (!S_ISREG(st.st_mode))
    return fail(Error{display_path, 0, 0,
                      std::string("is ") + kind_of(st.st_mode) + ", expected " + expected});
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (Expected<void> fits = check_size(size, max_bytes, display_path); !fits)
    return fail(fits.error());
  return read_all(fd.get(), static_cast<std::size_t>(size), max_bytes, display_path, "cannot read");
}

Expected<void> check_size(std::uint64_t bytes, std::uint64_t max_bytes,
                          const std::string& display_path) {
  if (bytes <= max_bytes)
    return {};
  return fail(Error{display_path, 0, 0,
                    fmt::format("larger than the limit of {} (raise it with --max-file-size or "
                                "[limits] max_file_bytes)",
                                describe_size(max_bytes))});
}

void set_file_size_limits(FileSizeLimits limits) {
  max_file_bytes.store(limits.file);
  max_schema_bytes.store(limits.schema);
}

FileSizeLimits file_size_limits() {
  return FileSizeLimits{max_file_bytes.load(), max_schema_bytes.load()};
}

std::string describe_size(std::uint64_t bytes) {
  constexpr std::uint64_t kMb = std::uint64_t{1} << 20;
  if (bytes >= 1024 * kMb && bytes % (1024 * kMb) == 0)
    return fmt::format("{} GB", bytes / (1024 * kMb));
  if (bytes >= kMb && bytes % kMb == 0)
    return fmt::format("{} MB", bytes / kMb);
  return fmt::format("{} bytes", bytes);
}

ReadResult read_source_file(const std::filesystem::path& path, const std::string& display_path) {
  Expected<std::string> content =
      read_regular_file(path, display_path, file_size_limits().file, "a SQL file");
  if (!content)
    return fail(content.error());
  return finish(std::move(*content), display_path);
}

ReadResult read_stdin(const std::string& display_path) {
  Expected<std::string> content =
      read_all(STDIN_FILENO, 1 << 16, file_size_limits().file, display_path, "cannot read stdin");
  if (!content)
    return fail(content.error());
  return finish(std::move(*content), display_path);
}

SourceFilePtr read_into(const std::filesystem::path& path, const std::string& display_path,
                        MigrationSet& set) {
  ReadResult r = read_source_file(path, display_path);
  if (!r) {
    set.errors.push_back(std::move(r.error()));
    return nullptr;
  }
  return std::move(*r);
}

} // namespace pgdrydock::sources
