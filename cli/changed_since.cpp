#include "cli/changed_since.h"

#include <filesystem>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "lint/support/process_runner.h"
#include "lint/support/text.h"

namespace pgdrydock {
namespace {

// One git command, its stdout on success; its stderr's first line otherwise (git says why).
struct GitOutcome {
  bool ok = false;
  std::string out;
  std::string why;
};

GitOutcome git(const std::string& cwd, std::vector<std::string> args) {
  ProcessOptions options;
  options.argv = {"git"};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.cwd = cwd;
  // Never prompt, never page, never translate: the messages are parsed by nobody but read by
  // the user, and a prompt would hang a CI job.
  options.env_set = {"GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat", "LC_ALL=C"};
  options.timeout = std::chrono::minutes(2);
  ProcessResult r = run_process(options);
  if (r.status.success())
    return {true, std::move(r.out), {}};
  std::string why = std::string(trimmed_blanks(r.err.substr(0, r.err.find('\n'))));
  if (why.empty())
    why = "git " + r.status.describe();
  return {false, {}, why};
}

// NUL-separated names (git's -z output: no quoting of unusual file names) appended to `out`.
void add_names(std::string_view text, const std::filesystem::path& top,
               std::set<std::string>& out) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\0', start);
    if (end == std::string_view::npos)
      end = text.size();
    if (end > start)
      out.insert((top / std::string(text.substr(start, end - start))).lexically_normal().string());
    start = end + 1;
  }
}

} // namespace

Expected<std::vector<std::string>>
files_changed_since(const std::string& ref, const std::vector<std::string>& history_paths) {
  // git answers for the repository of the folder it runs in: the history's, not ours.
  std::string cwd;
  if (!history_paths.empty() && history_paths.front() != "-") {
    std::error_code ec;
    std::filesystem::path first(history_paths.front());
    cwd = std::filesystem::is_directory(first, ec) ? first.string() : first.parent_path().string();
  }
  if (ref.empty() || ref.front() == '-')
    return fail(usage_error(fmt::format("--changed-since '{}': not a git revision", ref)));
  GitOutcome top = git(cwd, {"rev-parse", "--show-toplevel"});
  if (!top.ok)
    return fail(
        usage_error(fmt::format("--changed-since needs a git repository (git said: {})", top.why)));
  std::filesystem::path top_dir(std::string(trimmed_blanks(top.out)));

  if (!git(cwd, {"rev-parse", "--verify", "--quiet", ref + "^{commit}"}).ok)
    return fail(usage_error(fmt::format(
        "--changed-since {}: git does not know this revision here; in a shallow clone fetch it "
        "first (git fetch --depth=50 origin {}), on GitHub Actions check out with "
        "fetch-depth: 0",
        ref, ref)));
  GitOutcome base = git(cwd, {"merge-base", ref, "HEAD"});
  if (!base.ok)
    return fail(usage_error(fmt::format(
        "--changed-since {}: no common ancestor of {} and HEAD; the clone is too shallow to "
        "reach the point the branch started from (git fetch --unshallow, or fetch-depth: 0)",
        ref, ref)));

  std::set<std::string> files;
  GitOutcome diff = git(cwd, {"diff", "--name-only", "-z", "--no-renames", "--diff-filter=AM",
                              std::string(trimmed_blanks(base.out)), "--"});
  if (!diff.ok)
    return fail(environment_error(fmt::format("git diff against {} failed: {}", ref, diff.why)));
  add_names(diff.out, top_dir, files);
  GitOutcome untracked =
      git(cwd, {"ls-files", "--others", "--exclude-standard", "-z", "--full-name", ":/"});
  if (!untracked.ok)
    return fail(environment_error(fmt::format("git ls-files failed: {}", untracked.why)));
  add_names(untracked.out, top_dir, files);
  return std::vector<std::string>(files.begin(), files.end());
}

} // namespace pgdrydock
