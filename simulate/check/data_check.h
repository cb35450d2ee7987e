// Does a downgrade give the data back? Before up, a text copy of every user table goes into
// the private schema pgdrydock_before (text: the copy must not depend on user types the
// migration drops); after down, each pre-existing column is compared with its copy.
#pragma once

#include <string>
#include <vector>

namespace pgdrydock {

class PgSession;

struct DataLoss {
  std::string table;  // "public.users"
  std::string column; // "" for whole rows (rows lost or added)
  long long count = 0;
  std::string sentence; // "downgrade changed 12,345 values of public.users.role"
};

// Copies every user table (rows as text) into pgdrydock_before. Returns the tables copied.
std::vector<std::string> preserve_table_data(PgSession& session);

// Compares the tables with their copies and drops the copies. Tables that no longer exist are
// reported as lost; rows are matched by primary key when the table still has the one it had.
std::vector<DataLoss> compare_with_preserved(PgSession& session);

// 12345 -> "12,345"
std::string group_thousands(long long n);

} // namespace pgdrydock
