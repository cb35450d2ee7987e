// The --dsn connection string (simulate/sandbox/conninfo.*, dsn_redaction.*) from bytes. What
// must hold: a bad string ends in an ErrorException; a plain password the string spells out never
// appears in that error or in a redacted form; what parse_conninfo returns, build_conninfo
// writes back so that it parses to the same parameters.
#pragma once

#include <cctype>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "simulate/sandbox/conninfo.h"
#include "simulate/sandbox/dsn_redaction.h"
#include "simulate/sandbox/sandbox.h"

namespace pgdrydock::fuzz {

// A password the oracle is sure of: 6 or more letters and digits, at least one of each (so no
// word of libpq's or our own message text), written once in the string (so it is not also the
// user, the host or the database).
inline bool plain_secret(std::string_view dsn, std::string_view secret) {
  bool letter = false;
  bool digit = false;
  for (char c : secret) {
    letter = letter || std::isalpha(static_cast<unsigned char>(c));
    digit = digit || std::isdigit(static_cast<unsigned char>(c));
    if (!std::isalnum(static_cast<unsigned char>(c)))
      return false;
  }
  const std::size_t first = dsn.find(secret);
  return secret.size() >= 6 && letter && digit && first != std::string_view::npos &&
         dsn.find(secret, first + 1) == std::string_view::npos;
}

// The value after `key` up to the first of `ends` (or the end).
inline std::string_view value_after(std::string_view text, std::size_t key, std::string_view ends) {
  const std::string_view rest = text.substr(key);
  return rest.substr(0, rest.find_first_of(ends));
}

// The passwords as written, read independently of the product's parser: `scheme://user:PASS@`,
// `?password=PASS` / `&password=PASS` in a URI, `password=PASS` before a space or the end in a
// key=value string without quoting. Only plain secrets are returned.
inline std::vector<std::string> written_passwords(std::string_view dsn) {
  std::vector<std::string_view> found;
  if (dsn.starts_with("postgresql://") || dsn.starts_with("postgres://")) {
    const std::string_view rest = dsn.substr(dsn.find("//") + 2);
    const std::size_t colon = rest.find(':');
    const std::size_t at = rest.find('@');
    // libpq reads user information only when '@' comes before any '/'.
    if (colon != std::string_view::npos && at != std::string_view::npos && colon < at &&
        at < rest.find('/'))
      found.push_back(rest.substr(colon + 1, at - colon - 1));
    // Query parameters: only after a '?' (before it, "&password=" is part of a host name).
    for (std::string_view key : {"?password=", "&password="})
      if (const std::size_t k = dsn.find(key); k != std::string_view::npos && dsn.find('?') <= k)
        found.push_back(value_after(dsn, k + key.size(), "&"));
  } else if (const std::size_t key = dsn.find("password=");
             key != std::string_view::npos && (key == 0 || dsn[key - 1] == ' ') &&
             dsn.find_first_of("'\\") == std::string_view::npos) { // no quoting to interpret
    found.push_back(value_after(dsn, key + 9, " "));
  }
  std::vector<std::string> secrets;
  for (std::string_view secret : found)
    if (plain_secret(dsn, secret))
      secrets.emplace_back(secret);
  return secrets;
}

inline void expect_hidden(std::string_view shown, const std::string& secret, const char* where) {
  if (shown.find(secret) != std::string_view::npos)
    throw std::logic_error(std::string(where) + " shows the password: " + std::string(shown));
}

// Returns whether libpq accepted the string; throws logic_error when a property fails.
inline bool parse_and_redact_dsn(std::string_view bytes) {
  // A DSN arrives as a C string (the command line, the environment): it ends at a NUL.
  const std::string dsn(bytes.substr(0, bytes.find('\0')));
  const std::vector<std::string> secrets = written_passwords(dsn);
  const std::string redacted = redact_dsn(dsn);
  for (const std::string& secret : secrets) {
    expect_hidden(redacted, secret, "redact_dsn");
    expect_hidden(redact_message(dsn, dsn), secret, "redact_message");
  }
  ConninfoParams params;
  try {
    params = parse_conninfo(dsn);
  } catch (const ErrorException& e) {
    for (const std::string& secret : secrets)
      expect_hidden(e.what(), secret, "the invalid-DSN error");
    return false;
  }
  if (auto p = params.find("password"); p != params.end() && plain_secret(dsn, p->second))
    expect_hidden(redacted, p->second, "redact_dsn of a valid DSN");
  const std::string rebuilt = build_conninfo(params);
  ConninfoParams again;
  try {
    again = parse_conninfo(rebuilt);
  } catch (const ErrorException& e) {
    throw std::logic_error(std::string("build_conninfo wrote what libpq refuses: ") + e.what());
  }
  if (again != params)
    throw std::logic_error("build_conninfo changes the parameters: " + redact_dsn(rebuilt));
  (void)conninfo_with_database(dsn, "scratch");
  return true;
}

} // namespace pgdrydock::fuzz
