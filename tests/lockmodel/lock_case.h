// How a lock-model case (case_file.h) is observed on a real server.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "case_file.h"
#include "lint/effect.h"

namespace pgdrydock::lockmodel {

// A user relation as pg_class knew it before the statement ran.
struct RelationInfo {
  std::string name;        // schema.relation
  char kind = 'r';         // relkind
  std::string owner_table; // for an index: its table; for an owned sequence: the table
  long long filenode = 0;
};

// What the server did: strongest mode per relation (named as before the statement; new
// relations by their new name), the relations before and after.
struct Observation {
  std::map<std::string, LockMode> locks;
  std::map<std::string, RelationInfo> before;        // by name
  std::map<std::string, long long> filenode_after;   // by name
  std::map<std::string, RelationInfo> new_relations; // created by the statement, by name
  std::vector<std::string> transient; // locked relations gone by the end (rewrite temporaries)
};

// A relation locked but in neither snapshot: a system catalog, or a temporary the statement
// created and dropped again (the transient heap of a rewrite).
bool oid_is_catalog(pqxx::transaction_base& tx, unsigned oid);

// Runs c.sql in a transaction (rolled back) on `conninfo` and reads its own locks.
Observation observe_in_transaction(const std::string& conninfo, const LockCase& c);
// Runs c.sql in autocommit while another session holds c.blocker and a third samples the
// first backend's locks (granted or awaited) until it finishes.
Observation observe_autocommit(const std::string& conninfo, const LockCase& c);

} // namespace pgdrydock::lockmodel
