// What `pgdrydock --version` prints: pgdrydock's version, the PostgreSQL grammar its
// libpg_query parses (read from pg_query.h when the build was configured: cmake/install.cmake)
// and the PostgreSQL major version lint targets when --pg-version is not given.
#pragma once

#include <string>

namespace pgdrydock {

std::string version_text();

} // namespace pgdrydock
