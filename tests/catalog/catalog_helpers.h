// Shared by the catalog tests: replaying SQL text into a catalog.
#pragma once

#include <memory>
#include <string>

#include "lint/catalog/apply.h"
#include "lint/catalog/catalog.h"
#include "lint/catalog/replay.h"
#include "lint/migration.h"
#include "lint/sql_parser.h"

namespace pgdrydock::testing {

inline Script script_of(const std::string& sql, const std::string& name = "test.sql") {
  Script s;
  s.file = std::make_shared<const SourceFile>(name, sql);
  s.begin = 0;
  s.end = sql.size();
  return s;
}

// Applies sql to the catalog; returns how many names it used that did not exist.
inline int run_sql(Catalog& c, const std::string& sql) {
  ParseSession parser;
  return replay_script(c, script_of(sql), parser);
}

inline Catalog catalog_of(const std::string& sql) {
  Catalog c;
  c.trusted = true;
  run_sql(c, sql);
  return c;
}

} // namespace pgdrydock::testing
