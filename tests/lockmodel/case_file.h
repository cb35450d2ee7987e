// The lock-model cases of cases.txt (the format is described at the top of that file): read by
// the server test (lock_model_server_test.cpp) and by the generator of docs/locks.md.
#pragma once

#include <string>
#include <vector>

#include "lint/effect.h"

namespace pgdrydock::lockmodel {

// A relation the statement does not name, with the mode the server takes on it.
struct ExtraLock {
  std::string relation;
  LockMode mode = LockMode::AccessShare;
  std::string why;
};

struct LockCase {
  std::string title;
  std::string section; // the last "# --- section ---" line above the case
  int line = 0;
  std::vector<std::string> setup;
  std::string sql;
  // Checked against the model (relation predicted with this mode and this `why`) and the server.
  std::vector<ExtraLock> expect;
  // Checked against the server only: what no model can know (it depends on data or on state
  // the catalog does not keep); docs/locks.md shows it as "depends".
  std::vector<ExtraLock> also;
  bool autocommit = false;
  std::string blocker = "SELECT txid_current()";
  int pg_version = 0;   // 0: any
  std::string timezone; // the database's TimeZone, as a script's SET TIME ZONE states it
  std::string rejects;  // the server refuses the statement with an error containing this
};

struct CaseFile {
  std::vector<std::string> base; // the schema every case starts from
  std::vector<LockCase> cases;
};

// Throws std::runtime_error naming the file and line when the file is malformed.
CaseFile read_case_file(const std::string& path);

} // namespace pgdrydock::lockmodel
