// A thin RAII libpq session for the replayer and its observers: the replayer needs what
// libpqxx 6 hides (transaction status, asynchronous sends, SQLSTATE + hint + position). It is
// opened like every other connection (pg_client.h): redacted errors, one place for the
// session settings, notices to the one handler.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "simulate/sandbox/pg_connect.h"

struct pg_conn;
struct pg_result;

namespace pgdrydock {

struct PgError {
  std::string sqlstate; // "57014"
  std::string message;
  std::string detail;
  std::string hint;
  int position = 0;       // 1-based character in the statement, 0 when none
  std::string constraint; // the constraint a rejected row violated, when the server names one
};

// Rows of text values (NULL as nullopt).
struct PgRows {
  std::vector<std::vector<std::optional<std::string>>> rows;
  std::string value(std::size_t row, std::size_t column) const {
    return rows.at(row).at(column).value_or("");
  }
};

class PgSession {
public:
  // Throws ErrorException (environment; message redacted).
  explicit PgSession(const std::string& conninfo, const PgSessionSettings& settings = {});
  ~PgSession();
  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;

  // Runs sql (one or more statements); the error of the failing one, if any.
  std::optional<PgError> exec(const std::string& sql);
  // Runs a query that must succeed; throws ErrorException (environment) otherwise.
  PgRows query(const std::string& sql);
  // A query run many times: parsed and planned once (planning a catalog join costs more than
  // running it). prepare() then query_prepared() with text parameters; both throw like query().
  void prepare(const std::string& name, const std::string& sql);
  PgRows query_prepared(const std::string& name, const std::vector<std::string>& params);

  // Asynchronous: send, then poll `finished()` while doing other work, then `result()`.
  void send(const std::string& sql);
  bool finished();                 // consumes input; true when the server is done
  std::optional<PgError> result(); // drains every result of the sent query

  // COPY ... FROM STDIN: copy_start(), then copy_send() per chunk of rows, then copy_end(),
  // which returns the server's verdict (or the connection's trouble when a send failed).
  std::optional<PgError> copy_start(const std::string& copy_sql);
  bool copy_send(std::string_view data); // false: the connection failed; copy_end() says why
  std::optional<PgError> copy_end();

  bool in_transaction() const; // inside BEGIN ... (or an aborted block)
  bool in_failed_transaction() const;
  int backend_pid() const;
  int socket() const;

private:
  pg_conn* conn_ = nullptr;
};

} // namespace pgdrydock
