#include "tests/alembic/alembic_test_support.h"

namespace pgdrydock::alembic_test {

std::string project_ini(const std::string& name) {
  return std::string(PGDRYDOCK_SOURCE_DIR) + "/tests/fixtures/" + name + "/alembic.ini";
}

Loaded load(AlembicOptions options) {
  Loaded out;
  out.set = load_alembic(options, &out.warnings);
  return out;
}

Loaded load_project(const std::string& name) {
  AlembicOptions options;
  options.ini = project_ini(name);
  return load(options);
}

const Migration* find_migration(const MigrationSet& set, const std::string& version) {
  for (const Migration& m : set.migrations)
    if (m.version == version)
      return &m;
  return nullptr;
}

std::vector<std::string> versions(const MigrationSet& set) {
  std::vector<std::string> out;
  for (const Migration& m : set.migrations)
    out.push_back(m.version);
  return out;
}

std::vector<Finding> findings_of(const LintResult& result, const std::string& rule) {
  std::vector<Finding> out;
  for (const Finding* f : all_findings(result))
    if (f->rule_id == rule)
      out.push_back(*f);
  return out;
}

const StatementResult* statement_starting(const LintResult& result, const std::string& version,
                                          Direction direction, const std::string& prefix) {
  for (const MigrationResult& m : result.migrations) {
    if (m.version != version)
      continue;
    for (const ScriptResult& s : m.scripts) {
      if (s.direction != direction)
        continue;
      for (const StatementResult& st : s.statements)
        if (st.text.rfind(prefix, 0) == 0)
          return &st;
    }
  }
  return nullptr;
}

} // namespace pgdrydock::alembic_test
