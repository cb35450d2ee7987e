// The two steps of a psql script that are not one statement sent as text: a meta-command
// (`\set`, `\connect`), which psql runs itself, and COPY ... FROM stdin, whose rows follow it in
// the script (lint/psql_script.h cuts both out).
#pragma once

#include <optional>

#include "lint/lint_result.h"
#include "simulate/sandbox/pg_session.h"

namespace pgdrydock {

// A psql meta-command: nothing reaches the server. The replay skips it (what it does, such as
// the database `\connect` switches to or the file `\i` includes, is not simulated).
bool runs_in_psql(const StatementResult& st);

// Whether the replay sends `st` to the server itself: not a psql command, not a statement a DO
// block runs (the block is sent; lint lists what it runs after it), not the text of a dynamic
// EXECUTE (it runs inside its block).
bool sent_on_its_own(const StatementResult& st);

// COPY ... FROM stdin with the rows the script gives it, streamed as psql streams them.
std::optional<PgError> copy_in(PgSession& session, const StatementResult& st);

} // namespace pgdrydock
