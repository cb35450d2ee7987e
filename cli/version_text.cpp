#include "cli/version_text.h"

#include <fmt/format.h>

#include "lint/lint_driver.h"

namespace pgdrydock {

std::string version_text() {
  return fmt::format("pgdrydock {}\nlibpg_query grammar: PostgreSQL {}\ntargets PostgreSQL {} by "
                     "default (--pg-version)",
                     PGDRYDOCK_VERSION, PGDRYDOCK_PG_QUERY_GRAMMAR, LintOptions{}.pg_version);
}

} // namespace pgdrydock
