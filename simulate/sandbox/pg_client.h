// The one libpqxx connection type: opened from a DSN (URI or key=value; socket_conninfo() in
// conninfo.h for a Unix socket directory) through the shared plumbing of pg_connect.h.
#pragma once

#include <memory>
#include <string>

#include <pqxx/connection>
#include <pqxx/result>

#include "simulate/sandbox/pg_connect.h"

namespace pgdrydock {

// Throws ErrorException (environment; message redacted); the settings are applied and notices
// routed before it returns.
class PgClient {
public:
  explicit PgClient(const std::string& dsn, const PgSessionSettings& settings = {});
  ~PgClient();
  PgClient(PgClient&&) noexcept;
  PgClient& operator=(PgClient&&) = delete;

  pqxx::connection& connection() { return *connection_; }
  // Runs sql outside a transaction block (autocommit): DDL, CREATE/DROP DATABASE, ANALYZE.
  pqxx::result exec(const std::string& sql);
  // Same text as pqxx's quote(); built by append because pqxx's inline `"'" + esc + "'"` trips a
  // false -Wrestrict in GCC 12 at -O3.
  std::string quote(const std::string& value) {
    return std::string("'").append(connection_->esc(value)).append("'");
  }

private:
  class NoticeForwarder;
  std::unique_ptr<pqxx::connection> connection_;
  std::unique_ptr<NoticeForwarder> notices_; // unregisters before the connection closes
};

} // namespace pgdrydock
