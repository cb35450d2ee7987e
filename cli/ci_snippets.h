// The CI snippets `pgdrydock init` prints: the tested templates of docs/ci/ with the user's
// migration folder in place of `migrations` (tests/cli/init_test.cpp compares them with the
// files, so the printed and the documented snippets cannot drift apart).
#pragma once

#include <string>

namespace pgdrydock {

std::string pre_commit_snippet();
std::string github_workflow_snippet(const std::string& folder);
std::string gitlab_job_snippet(const std::string& folder);

} // namespace pgdrydock
