// A disposable PostgreSQL: its own cluster in a private 0700 temporary folder, a Unix socket in
// that folder, no TCP, trust auth; or a scratch database on a server named by --dsn.
// It never touches anything it did not create and stops only the postmaster it started.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

namespace pgdrydock {

struct SandboxOptions {
  std::string pg_bin;       // --pg-bin; empty: PATH, pg_config --bindir, /usr/lib/postgresql/*/bin
  std::string pg_user;      // --pg-user; when root, initdb/postgres run as this user ("postgres")
  std::string cache_dir;    // template cache; empty: $XDG_CACHE_HOME or ~/.cache /pgdrydock
  bool keep = false;        // --keep: leave the cluster running and print how to connect
  std::string dsn;          // --dsn: use a scratch database on this server instead
  int start_timeout_s = 60;
};

// One error type per phase, each saying what to do.
class SandboxError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class Sandbox {
public:
  virtual ~Sandbox() = default;
  // Starts a cluster (or opens the --dsn server and creates the scratch database).
  static std::unique_ptr<Sandbox> start(const SandboxOptions& options);

  // libpq connection string for a database of this sandbox (default: the working database).
  virtual std::string conninfo(const std::string& database = {}) const = 0;
  virtual std::string working_database() const = 0; // "postgres" or pgdrydock_<random>
  virtual int server_major_version() const = 0;
  virtual std::string server_version() const = 0;   // "15.18"
  virtual std::string describe() const = 0;         // how to connect (for --keep), no password
  // Creates `name` as a copy of `template_db` (CREATE DATABASE ... TEMPLATE): a cheap
  // snapshot of a schema state; and drops one.
  virtual void create_database(const std::string& name, const std::string& template_db) = 0;
  virtual void drop_database(const std::string& name) = 0;
  // Stops the server by its pid and removes the folder (unless keep); idempotent.
  virtual void stop() = 0;
};

} // namespace pgdrydock
