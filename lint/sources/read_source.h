// Reads every input file pgdrydock takes (migrations, stdin, --config, --stats, --schema) once,
// whole, through one function, so that each gets the same checks: regular files only (a FIFO
// would block the run forever, /dev/zero would fill memory), and a size limit
// (docs/errors.md "Limits"). A failure becomes an Error naming the file; the caller goes on with
// the other files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "lint/migration.h"

namespace pgdrydock::sources {

inline constexpr std::uint64_t kDefaultMaxFileBytes = std::uint64_t{64} << 20;  // 64 MB
inline constexpr std::uint64_t kDefaultMaxSchemaBytes = std::uint64_t{1} << 30; // 1 GB

// How large an input may be. `file` covers migrations, stdin, Alembic's rendered SQL, --config
// and --stats; `schema` covers --schema (a pg_dump of a large database is far larger than any
// migration). --max-file-size and `[limits] max_file_bytes` set both.
struct FileSizeLimits {
  std::uint64_t file = kDefaultMaxFileBytes;
  std::uint64_t schema = kDefaultMaxSchemaBytes;
};

// The limits of this process: set once by the command line before any file is read (the
// readers sit deep in every layout, and a limit is a property of the run, not of a call).
void set_file_size_limits(FileSizeLimits limits);
FileSizeLimits file_size_limits();

// "64 MB", "1.5 GB", "300 bytes": a limit as messages show it.
std::string describe_size(std::uint64_t bytes);

// The bytes of a regular file of at most `max_bytes`, or an Error naming `display_path` (the
// kind of file it is instead, the limit it is over, the OS's reason). `expected` says what the
// file should be ("a SQL file", "a config file").
Expected<std::string> read_regular_file(const std::filesystem::path& path,
                                        const std::string& display_path, std::uint64_t max_bytes,
                                        const char* expected);

// The size check alone, for text that did not come from a file (Alembic's rendered SQL).
Expected<void> check_size(std::uint64_t bytes, std::uint64_t max_bytes,
                          const std::string& display_path);

using ReadResult = Expected<SourceFilePtr>;

// A migration file or stdin, checked to be UTF-8 text within file_size_limits().file.
ReadResult read_source_file(const std::filesystem::path& path, const std::string& display_path);
ReadResult read_stdin(const std::string& display_path);

// Reads into the set: returns the file, or records the error and returns nullptr.
SourceFilePtr read_into(const std::filesystem::path& path, const std::string& display_path,
                        MigrationSet& set);

} // namespace pgdrydock::sources
