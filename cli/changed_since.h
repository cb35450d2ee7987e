// `pgdrydock lint DIR --changed-since REF`: the files a branch added or modified since it left
// REF (the pull-request case: lint what the PR touches, replay the rest of the history).
#pragma once

#include <string>
#include <vector>

#include "lint/support/error.h"

namespace pgdrydock {

// Absolute paths of the files added or modified between the merge base of REF and HEAD and the
// working tree (uncommitted edits and untracked, not ignored, files count: a developer runs it
// before committing), asked of the git repository that holds the first of `history_paths` (so
// `pgdrydock lint /repo/migrations` works from any folder). A rename counts as an added file.
// Usage errors say what to do: not a git repository, REF unknown (a shallow clone that did not
// fetch it), no merge base (a clone too shallow to reach the fork point).
Expected<std::vector<std::string>>
files_changed_since(const std::string& ref, const std::vector<std::string>& history_paths);

} // namespace pgdrydock
