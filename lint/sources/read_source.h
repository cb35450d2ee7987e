// Reads migration files and stdin once, whole, and checks they are UTF-8 text. A failure
// becomes an Error naming the file; the caller goes on with the other files.
#pragma once

#include <filesystem>
#include <string>

#include "lint/migration.h"

namespace pgdrydock::sources {

using ReadResult = Expected<SourceFilePtr>;

// Regular files only: a folder, FIFO or device where a file is expected is an error (a FIFO
// would otherwise block the run forever).
ReadResult read_source_file(const std::filesystem::path& path, const std::string& display_path);
ReadResult read_stdin(const std::string& display_path);

// Reads into the set: returns the file, or records the error and returns nullptr.
SourceFilePtr read_into(const std::filesystem::path& path, const std::string& display_path,
                        MigrationSet& set);

} // namespace pgdrydock::sources
