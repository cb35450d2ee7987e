#include "cli/ci_snippets.h"

#include <fmt/format.h>

namespace pgdrydock {

// Each text is its docs/ci/ file without the leading comment lines.
std::string pre_commit_snippet() {
  return "repos:\n"
         "  - repo: https://github.com/pgdrydock/pgdrydock\n"
         "    rev: v0.1.0\n"
         "    hooks:\n"
         "      - id: pgdrydock-lint # staged *.sql, each against the history of its folder\n"
         "      - id: pgdrydock-lint-alembic # staged versions/*.py; args: [--alembic, "
         "path/alembic.ini]\n";
}

std::string github_workflow_snippet(const std::string& folder) {
  return fmt::format("name: migrations\n"
                     "on: pull_request\n"
                     "permissions: {{contents: read, pull-requests: write, security-events: "
                     "write}}\n"
                     "jobs:\n"
                     "  pgdrydock:\n"
                     "    runs-on: ubuntu-latest\n"
                     "    steps:\n"
                     "      - uses: actions/checkout@v4\n"
                     "        with: {{fetch-depth: 0}}\n"
                     "      - uses: pgdrydock/pgdrydock@v0.1.0\n"
                     "        with: {{path: {}, fail-on: error, simulate: \"off\"}}\n",
                     folder);
}

std::string gitlab_job_snippet(const std::string& folder) {
  return fmt::format("pgdrydock:\n"
                     "  stage: test\n"
                     "  image: debian:bookworm\n"
                     "  before_script:\n"
                     "    - apt-get update -q && apt-get install -y -q ./pgdrydock_*.deb\n"
                     "  script:\n"
                     "    - pgdrydock lint {}/ --format gitlab > gl-code-quality-report.json\n"
                     "  artifacts:\n"
                     "    when: always\n"
                     "    reports:\n"
                     "      codequality: gl-code-quality-report.json\n"
                     "  rules:\n"
                     "    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n"
                     "    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n",
                     folder);
}

} // namespace pgdrydock
