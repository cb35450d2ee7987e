#include "simulate/sandbox/pg_session.h"

#include <libpq-fe.h>
#include <poll.h>

#include <stdexcept>

#include <fmt/format.h>

namespace pgdrydock {

namespace {

std::string field(const PGresult* r, int code) {
  const char* v = PQresultErrorField(r, code);
  return v ? v : "";
}

PgError error_of(const PGresult* r, pg_conn* conn) {
  PgError e;
  if (r) {
    e.sqlstate = field(r, PG_DIAG_SQLSTATE);
    e.message = field(r, PG_DIAG_MESSAGE_PRIMARY);
    e.detail = field(r, PG_DIAG_MESSAGE_DETAIL);
    e.hint = field(r, PG_DIAG_MESSAGE_HINT);
    e.constraint = field(r, PG_DIAG_CONSTRAINT_NAME);
    std::string pos = field(r, PG_DIAG_STATEMENT_POSITION);
    if (!pos.empty())
      e.position = std::stoi(pos);
  }
  if (e.message.empty()) {
    e.message = PQerrorMessage(conn);
    while (!e.message.empty() && e.message.back() == '\n')
      e.message.pop_back();
  }
  if (e.sqlstate.empty())
    e.sqlstate = "08006"; // connection failure: no result to read it from
  return e;
}

bool failed(const PGresult* r) {
  auto st = PQresultStatus(r);
  return st == PGRES_BAD_RESPONSE || st == PGRES_NONFATAL_ERROR || st == PGRES_FATAL_ERROR;
}

// Takes ownership of r: the rows of a query that must have succeeded.
PgRows rows_of(PGresult* r, pg_conn* conn) {
  if (!r || failed(r) || PQresultStatus(r) != PGRES_TUPLES_OK) {
    PgError e = error_of(r, conn);
    if (r)
      PQclear(r);
    throw ErrorException(
        environment_error(fmt::format("internal query failed ({}): {}", e.sqlstate, e.message)));
  }
  PgRows rows;
  const int n = PQntuples(r), m = PQnfields(r);
  rows.rows.resize(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    auto& row = rows.rows[static_cast<std::size_t>(i)];
    for (int j = 0; j < m; ++j) {
      if (PQgetisnull(r, i, j))
        row.emplace_back(std::nullopt);
      else
        row.emplace_back(
            std::string(PQgetvalue(r, i, j), static_cast<std::size_t>(PQgetlength(r, i, j))));
    }
  }
  PQclear(r);
  return rows;
}

} // namespace

PgSession::PgSession(const std::string& conninfo, const PgSessionSettings& settings)
    : conn_(PQconnectdb(conninfo.c_str())) {
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn_);
    PQfinish(conn_);
    conn_ = nullptr;
    throw ErrorException(environment_error(connect_error_message(conninfo, message)));
  }
  PQsetNoticeProcessor(
      conn_, [](void*, const char* message) { route_notice(message); }, nullptr);
  if (const std::string sql = session_settings_sql(settings); !sql.empty())
    if (auto error = exec(sql))
      throw ErrorException(environment_error(fmt::format(
          "cannot apply the session settings ({}): {}", error->sqlstate, error->message)));
}

PgSession::~PgSession() {
  if (conn_)
    PQfinish(conn_);
}

std::optional<PgError> PgSession::exec(const std::string& sql) {
  send(sql);
  return result();
}

PgRows PgSession::query(const std::string& sql) {
  return rows_of(PQexec(conn_, sql.c_str()), conn_);
}

void PgSession::prepare(const std::string& name, const std::string& sql) {
  PGresult* r = PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr);
  if (!r || failed(r)) {
    PgError e = error_of(r, conn_);
    if (r)
      PQclear(r);
    throw ErrorException(
        environment_error(fmt::format("cannot prepare {} ({}): {}", name, e.sqlstate, e.message)));
  }
  PQclear(r);
}

PgRows PgSession::query_prepared(const std::string& name, const std::vector<std::string>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params)
    values.push_back(p.c_str());
  return rows_of(PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(),
                                nullptr, nullptr, 0),
                 conn_);
}

void PgSession::send(const std::string& sql) {
  if (!PQsendQuery(conn_, sql.c_str()))
    throw ErrorException(
        environment_error(fmt::format("cannot send a query: {}", PQerrorMessage(conn_))));
}

bool PgSession::finished() {
  if (!PQconsumeInput(conn_))
    return true; // connection lost: result() reports it
  return PQisBusy(conn_) == 0;
}

std::optional<PgError> PgSession::result() {
  std::optional<PgError> error;
  while (PGresult* r = PQgetResult(conn_)) {
    if (failed(r) && !error)
      error = error_of(r, conn_);
    PQclear(r);
  }
  if (!error && PQstatus(conn_) != CONNECTION_OK)
    error = error_of(nullptr, conn_);
  return error;
}

std::optional<PgError> PgSession::copy_start(const std::string& copy_sql) {
  PGresult* r = PQexec(conn_, copy_sql.c_str());
  std::optional<PgError> error;
  if (PQresultStatus(r) != PGRES_COPY_IN)
    error = error_of(r, conn_);
  PQclear(r);
  return error;
}

bool PgSession::copy_send(std::string_view data) {
  return PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) == 1;
}

std::optional<PgError> PgSession::copy_end() {
  const bool ended = PQputCopyEnd(conn_, nullptr) == 1;
  std::optional<PgError> error = result();
  if (!error && !ended)
    error = error_of(nullptr, conn_);
  return error;
}

bool PgSession::in_transaction() const {
  auto st = PQtransactionStatus(conn_);
  return st == PQTRANS_INTRANS || st == PQTRANS_INERROR;
}

bool PgSession::in_failed_transaction() const {
  return PQtransactionStatus(conn_) == PQTRANS_INERROR;
}

int PgSession::backend_pid() const {
  return PQbackendPID(conn_);
}
int PgSession::socket() const {
  return PQsocket(conn_);
}

} // namespace pgdrydock
