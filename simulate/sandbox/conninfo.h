// libpq connection strings: parse (URI or key=value), rebuild with another database, and show
// without the password.
#pragma once

#include <map>
#include <string>

namespace pgdrydock {

using ConninfoParams = std::map<std::string, std::string>;

// Throws SandboxError (never echoing the string, which may hold a password) when invalid.
ConninfoParams parse_conninfo(const std::string& conninfo);
// key='value' pairs, quoted the way libpq expects.
std::string build_conninfo(const ConninfoParams& params);
// The same server and credentials, another database.
std::string conninfo_with_database(const std::string& conninfo, const std::string& database);
// For messages: the password replaced by "********" (also one given in a URI).
std::string mask_password(const std::string& conninfo);

} // namespace pgdrydock
