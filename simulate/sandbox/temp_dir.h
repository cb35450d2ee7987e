// Private temporary folders (mode 0700) and the helpers the sandbox needs around them.
#pragma once

#include <sys/types.h>

#include <string>

namespace pgdrydock {

// Creates <base>/<prefix>XXXXXX with mode 0700 (mkdtemp). base: $TMPDIR or /tmp, falling back
// to /tmp when `must_be_reachable_by_others` and $TMPDIR is not searchable by other users
// (PostgreSQL runs as another user when we are root).
std::string make_private_temp_dir(const std::string& prefix, bool must_be_reachable_by_others);

// Hands a folder tree to a user (lchown on every entry).
void chown_tree(const std::string& path, uid_t uid, gid_t gid);

// Removes a folder tree; never throws (cleanup path), returns false when something is left.
bool remove_tree(const std::string& path) noexcept;

// The per-user cache folder: $XDG_CACHE_HOME/pgdrydock or ~/.cache/pgdrydock (created).
std::string default_cache_dir();

// Last `max_lines` lines of a text file ("" when unreadable): shown when the server fails.
std::string file_tail(const std::string& path, int max_lines);

} // namespace pgdrydock
