// The migration model every part of pgdrydock shares: a migration has an up script and,
// where its format has one, a down script; each script knows its file, its byte range in that
// file (dbmate keeps both in one file) and how its runner executes it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lint/source_file.h"
#include "lint/support/error.h"

namespace pgdrydock {

// How the migration runner sends the script to PostgreSQL. This decides what fails
// (CONCURRENTLY inside a transaction) and how long locks are held (until COMMIT).
enum class TransactionMode {
  Autocommit,    // psql -f: each statement commits on its own (unless the SQL says BEGIN)
  RunnerWrapped, // the tool wraps the whole script in BEGIN ... COMMIT
  ImplicitMulti, // one multi-statement simple query: PostgreSQL runs it as one implicit
                 // transaction (golang-migrate); CONCURRENTLY works only alone in its file
};

const char* to_string(TransactionMode mode);

enum class Layout {
  SingleFile,         // one .sql file named on the command line
  Stdin,              // `-`
  PlainFolder,        // a folder of .sql files, each one migration
  GolangMigrate,      // N_name.up.sql / N_name.down.sql
  FolderPerMigration, // <version>_<name>/up.sql + down.sql (Diesel, sqlx, sourcegraph)
  Dbmate,             // -- migrate:up / -- migrate:down sections in one file
  Flyway,             // V<version>__<desc>.sql with optional U<version>__<desc>.sql
  Alembic,            // revisions rendered to SQL by Alembic (issue: Alembic projects)
};

const char* to_string(Layout layout);
std::optional<Layout> layout_from_string(const std::string& name);

struct Script {
  SourceFilePtr file;
  std::size_t begin = 0; // byte range of this script inside file->content()
  std::size_t end = 0;
  TransactionMode mode = TransactionMode::Autocommit;
  std::string mode_reason; // why: "diesel metadata.toml run_in_transaction = false", ...

  std::string_view text() const { return file->view(begin, end); }
};

struct Migration {
  std::string version; // as ordered (natural order: 2 before 10)
  std::string name;    // human description
  Layout layout = Layout::SingleFile;
  std::string runner; // "psql", "golang-migrate", "diesel", "sqlx", "dbmate", "flyway", "alembic"
  Script up;
  std::optional<Script> down;
  // Why the down script exists but could not be read (an Alembic downgrade() that fails to
  // render offline): no down is then not "irreversible", only unknown.
  std::string down_error;
  // Why the up script exists but could not be read (an Alembic upgrade() that fails to render
  // offline): `up` is then empty, the down is still read, and nothing that compares the two
  // (downgrade-not-inverse, the catalog after the up) is judged.
  std::string up_error;
};

struct SkippedFile {
  std::string path;
  std::string reason; // "Go migration (.up.go): not SQL", "mysql dialect", ...
};

struct MigrationSet {
  std::vector<Migration> migrations;
  std::vector<SkippedFile> skipped;
  std::vector<Error> errors;
  // Read as the runner reads them, but worth a word (two migrations sharing a version).
  std::vector<Error> warnings;
};

struct LoadOptions {
  std::optional<Layout> layout;       // --layout; auto-detect when empty
  bool assume_in_transaction = false; // plain files: wrap as if the runner did BEGIN/COMMIT
  std::string stdin_filepath;         // --stdin-filepath for `-`
};

// Reads, detects and orders the migrations under each path (file, folder or `-`).
MigrationSet load_migrations(const std::vector<std::string>& paths, const LoadOptions& options);

// Natural version order: compares digit runs numerically ("2_x" < "10_x").
bool natural_less(const std::string& a, const std::string& b);

} // namespace pgdrydock
