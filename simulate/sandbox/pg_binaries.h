// Where PostgreSQL's server programs are and which version they are.
#pragma once

#include <filesystem>
#include <string>

namespace pgdrydock {

struct PgBinaries {
  std::string bindir;   // holds postgres and initdb
  std::string version;  // "15.18"
  int major = 0;        // 15
  std::string found_by; // "--pg-bin", "PATH", "pg_config --bindir", "/usr/lib/postgresql"

  std::string program(const std::string& name) const { return bindir + "/" + name; }
};

// Looks in order: `pg_bin` (--pg-bin), PATH, `pg_config --bindir`, the newest
// /usr/lib/postgresql/<major>/bin. Throws ErrorException (environment) saying what to install or
// pass.
PgBinaries find_pg_binaries(const std::string& pg_bin);

// The server programs of one major (simulate --pg-version N): `pg_bin` when given (and it must
// be that major), else an install of `pgdrydock postgres install N`
// (simulate/sandbox/pg_install.h), else /usr/lib/postgresql/N/bin, else the first of PATH and
// `pg_config --bindir` when it is that major. Throws an environment error saying how to install
// the major when none is found.
PgBinaries find_pg_binaries(const std::string& pg_bin, int major);

// Whether `dir` holds executable postgres and initdb (the server programs the sandbox runs).
bool has_server_programs(const std::filesystem::path& dir);

// "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" -> "15.18"; "" when unrecognised.
std::string parse_postgres_version(const std::string& version_output);

} // namespace pgdrydock
