#include "simulate/sandbox/pg_connect.h"

#include <mutex>

#include <fmt/format.h>

#include "simulate/sandbox/dsn_redaction.h"

namespace pgdrydock {

namespace {

// Function-local statics: usable from any static's constructor or destructor.
std::mutex& notice_mutex() {
  static std::mutex mutex;
  return mutex;
}
NoticeHandler& notice_handler() {
  static NoticeHandler handler;
  return handler;
}

std::string without_trailing_space(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return text;
}

// A setting's value as a SQL string literal.
std::string literal(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'')
      out += '\'';
    out += c;
  }
  return out + "'";
}

} // namespace

std::string session_settings_sql(const PgSessionSettings& settings) {
  std::string sql;
  if (settings.statement_timeout_ms)
    sql += fmt::format("SET statement_timeout = '{}ms'; ", *settings.statement_timeout_ms);
  if (settings.lock_timeout_ms)
    sql += fmt::format("SET lock_timeout = '{}ms'; ", *settings.lock_timeout_ms);
  if (!settings.application_name.empty())
    sql += fmt::format("SET application_name = {}; ", literal(settings.application_name));
  return without_trailing_space(std::move(sql));
}

std::string connect_error_message(const std::string& dsn, const std::string& libpq_message) {
  if (password_has_raw_at(dsn))
    return fmt::format("cannot connect to {}: the password holds a raw '@', which ends the user "
                       "name and password for libpq; write it as %40",
                       redact_dsn(dsn));
  return fmt::format("cannot connect to {}: {}", redact_dsn(dsn),
                     redact_message(without_trailing_space(libpq_message), dsn));
}

NoticeHandler set_notice_handler(NoticeHandler handler) {
  std::lock_guard lock(notice_mutex());
  std::swap(handler, notice_handler());
  return handler;
}

void route_notice(const char* message) {
  NoticeHandler handler;
  {
    std::lock_guard lock(notice_mutex());
    handler = notice_handler();
  }
  if (handler && message)
    handler(without_trailing_space(message));
}

} // namespace pgdrydock
