// The up script of a one-migration history as simulate replays it: loaded, linted at the
// sandbox's PostgreSQL version, its first script taken (shared by the replayer tests).
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "lint/lint_driver.h"

namespace pgdrydock::testing {

inline ScriptResult first_up_script(const std::string& path, int pg_version) {
  MigrationSet set = load_migrations({path}, LoadOptions{});
  EXPECT_TRUE(set.errors.empty());
  LintOptions lint;
  lint.pg_version = pg_version;
  return lint_migration(set.migrations.at(0), lint).scripts.front();
}

} // namespace pgdrydock::testing
