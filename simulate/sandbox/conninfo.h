// libpq connection strings: parse (URI or key=value), rebuild with another database, build one
// for a Unix socket directory. Shown to a user only through redact_dsn() (dsn_redaction.h).
#pragma once

#include <map>
#include <string>

namespace pgdrydock {

using ConninfoParams = std::map<std::string, std::string>;

// Throws ErrorException (usage; naming the string redacted) when invalid.
ConninfoParams parse_conninfo(const std::string& conninfo);
// key='value' pairs, quoted the way libpq expects.
std::string build_conninfo(const ConninfoParams& params);
// The same server and credentials, another database.
std::string conninfo_with_database(const std::string& conninfo, const std::string& database);
// A server listening on a Unix socket in socket_dir (host=<dir> is how libpq spells it).
std::string socket_conninfo(const std::string& socket_dir, int port, const std::string& user,
                            const std::string& database, const std::string& application_name);

} // namespace pgdrydock
