// One SQL text as the up script of a psql migration run in autocommit, for the parse tests
// that lint through the driver.
#pragma once

#include <memory>
#include <string>

#include "lint/migration.h"

namespace pgdrydock::testing_parse {

inline Migration migration_of(const std::string& sql) {
  auto file = std::make_shared<const SourceFile>("m.sql", sql);
  Migration m;
  m.version = "1";
  m.name = "m";
  m.runner = "psql";
  m.up = Script{file, 0, sql.size(), TransactionMode::Autocommit, "test"};
  return m;
}

} // namespace pgdrydock::testing_parse
