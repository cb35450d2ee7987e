// A disposable PostgreSQL: its own cluster in a private 0700 temporary folder, a Unix socket in
// that folder, no TCP, trust auth; or a scratch database on a server named by --dsn.
// It never touches anything it did not create and stops only the postmaster it started.
#pragma once

#include "lint/support/error.h"
#include <memory>
#include <stdexcept>
#include <string>

namespace pgdrydock {

struct SandboxOptions {
  std::string pg_bin;    // --pg-bin; empty: PATH, pg_config --bindir, /usr/lib/postgresql/*/bin
  int pg_major = 0;      // --pg-version for simulate: run this major (0: whichever is found)
  std::string pg_user;   // --pg-user; when root, initdb/postgres run as this user ("postgres")
  std::string cache_dir; // template cache; empty: $XDG_CACHE_HOME or ~/.cache /pgdrydock
  bool keep = false;     // --keep: leave the cluster running and print how to connect
  std::string dsn;       // --dsn: use a scratch database on this server instead
  int start_timeout_s = 60;
  // false: always run initdb (the cold start the benchmark measures); the template cache is
  // neither read nor written.
  bool use_template_cache = true;
};

// Server settings differ between loading synthetic data and replaying the migration: loading
// may cut durability corners, replay must cost what production costs (see docs/simulate.md).
enum class SandboxPhase { Loading, Replaying };

class Sandbox {
public:
  virtual ~Sandbox() = default;
  // Starts a cluster (or opens the --dsn server and creates the scratch database).
  static std::unique_ptr<Sandbox> start(const SandboxOptions& options);

  // libpq connection string for a database of this sandbox (default: the working database).
  virtual std::string conninfo(const std::string& database = {}) const = 0;
  virtual std::string working_database() const = 0; // "postgres" or pgdrydock_<random>
  virtual int server_major_version() const = 0;
  virtual std::string server_version() const = 0; // "15.18"
  virtual std::string describe() const = 0;       // how to connect (for --keep), no password
  // Creates `name` as a copy of `template_db` (CREATE DATABASE ... TEMPLATE): a cheap
  // snapshot of a schema state; and drops one.
  virtual void create_database(const std::string& name, const std::string& template_db) = 0;
  virtual void drop_database(const std::string& name) = 0;
  // Stops the server by its pid and removes the folder (unless keep); idempotent.
  virtual void stop() = 0;

  // --- additions -------------------------------------------------------------------------
  // Switches loading/replay settings (a reload, no restart). Starts in Loading. With --dsn the
  // server is not ours: nothing changes server-wide (sessions may still set their own).
  virtual void set_phase(SandboxPhase phase) = 0;
  // true for an own cluster, false for a scratch database on a --dsn server.
  virtual bool owns_server() const = 0;
  // The postmaster's pid (own cluster), -1 with --dsn.
  virtual int postmaster_pid() const = 0;
  // The private temporary folder holding data, socket and log ("" with --dsn).
  virtual std::string folder() const = 0;
  // Whether this start copied the cached template instead of running initdb.
  virtual bool started_from_template() const = 0;
  // A database name no one uses yet, with the sandbox's prefix (pgdrydock_<random>_<hint>);
  // with --dsn only such names may be created or dropped.
  virtual std::string fresh_database_name(const std::string& hint) const = 0;
};

// Stops every running sandbox of this process (a --keep cluster is left running on purpose).
// Safe to call from any thread, more than once.
void stop_all_sandboxes();

// Installs SIGINT/SIGTERM/SIGHUP handling for the CLI: on such a signal every registered
// sandbox is stopped and its folder removed, then the process exits with 128+signal. Also
// stops them at exit(). Idempotent.
void install_sandbox_signal_cleanup();

} // namespace pgdrydock
