// Connection strings in messages: the password is never shown. Works on the text itself, so a
// string libpq refuses (a bad percent-escape, an unclosed IPv6 bracket, an unterminated quote)
// is redacted as well as a valid one — those are exactly the strings libpq's own error
// messages quote back.
#pragma once

#include <string>
#include <string_view>

namespace pgdrydock {

// "postgresql://alice:***@host/db", "host=h password=*** dbname=d"; the password of a URI's
// query (?password=...), an sslpassword, and those of a connection string given as dbname=...
// too. Everything else is
// kept as written, so the user recognises the server.
std::string redact_dsn(std::string_view dsn);

// `message` with the password of `dsn` (as written, percent-decoded, or as libpq parsed it) and
// the whole dsn replaced by their redacted forms: for libpq errors, which may quote either.
std::string redact_message(std::string_view message, std::string_view dsn);

// A URI whose password holds a raw '@' ("postgresql://u:p@ss@host/db"): libpq ends the user
// information at the first '@' and reads the rest of the password as the host name, which its
// errors then quote. Such a string is reported by this fact alone, never by libpq's message.
bool password_has_raw_at(std::string_view dsn);

} // namespace pgdrydock
