// What every PostgreSQL connection of pgdrydock shares, whether libpqxx (PgClient, pg_client.h)
// or raw libpq (PgSession, pg_session.h): so that
//  - an error names the server by its redacted DSN and never carries the password, even when
//    libpq quotes a malformed string back (see dsn_redaction.h);
//  - statement_timeout, lock_timeout and application_name are set by session_settings_sql();
//  - server notices (NOTICE: ... does not exist, skipping) go to one process-wide handler,
//    which drops them unless someone installs another: the report is our output, not the
//    server's chatter.
#pragma once

#include "lint/support/error.h"
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

namespace pgdrydock {

struct PgSessionSettings {
  std::optional<long long> statement_timeout_ms;
  std::optional<long long> lock_timeout_ms;
  std::string application_name; // empty: whatever the connection string says
};

// "SET statement_timeout = '900000ms'; ..." for what `settings` sets; empty when nothing.
std::string session_settings_sql(const PgSessionSettings& settings);

// "cannot connect to <redacted dsn>: <libpq's message, password scrubbed>".
std::string connect_error_message(const std::string& dsn, const std::string& libpq_message);

// Receives each server notice without its trailing newline. May be called from any thread.
using NoticeHandler = std::function<void(const std::string&)>;
// Installs `handler` (an empty one drops notices, the default); returns the previous one.
NoticeHandler set_notice_handler(NoticeHandler handler);
// Hands one raw libpq notice to the installed handler.
void route_notice(const char* message);

} // namespace pgdrydock
