#include "simulate/sandbox/dsn_redaction.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace pgdrydock {

namespace {

constexpr std::string_view kMask = "***";

// The redacted text and every password as it stood in the input (for scrubbing messages).
struct Scan {
  std::string redacted;
  std::vector<std::string> secrets;
};

Scan scan(std::string_view dsn);

// libpq's secrets: the password, and the passphrase of the client's SSL key.
bool is_secret_key(std::string_view key) {
  return key == "password" || key == "sslpassword";
}

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

std::size_t uri_prefix_length(std::string_view dsn) {
  for (std::string_view prefix : {"postgresql://", "postgres://"})
    if (dsn.substr(0, prefix.size()) == prefix)
      return prefix.size();
  return 0;
}

// "a=1&password=x&b=2" -> "a=1&password=***&b=2" (sslpassword too). A key starts at the
// beginning, after '&' and after any '?' (so "h/db?password=x" works as well): a '?' inside an IPv6
// host ("[:?:1]") or a stray one in a value makes an earlier '?' look like the query's start, and
// such a string (libpq may refuse it and quote it back) still spells the password out. A value runs
// to the next '&', as libpq reads it.
void redact_query(std::string_view query, Scan& out) {
  std::size_t i = 0;
  while (i < query.size()) {
    // After a blank too: "postgres:// password=x" is no URI for libpq, yet we print it.
    if (i == 0 || query[i - 1] == '&' || query[i - 1] == '?' || is_space(query[i - 1])) {
      const std::string_view rest = query.substr(i);
      std::size_t key = 0; // the secret key's length with its '=', 0 when none
      for (std::string_view k : {"password=", "sslpassword="})
        key = rest.starts_with(k) ? k.size() : key;
      if (key > 0) {
        const std::size_t amp = rest.find('&'); // never inside the key
        const std::string_view value = rest.substr(key, amp == rest.npos ? amp : amp - key);
        out.secrets.emplace_back(value);
        out.redacted += rest.substr(0, key);
        out.redacted += kMask;
        i += key + value.size();
        continue;
      }
    }
    out.redacted += query[i++];
  }
}

// postgresql://user:password@hosts/db?params. The user information ends at the last '@'
// before the query: a password with an unescaped '@', '/' or '?' is still masked whole.
void scan_uri(std::string_view dsn, std::size_t prefix, Scan& out) {
  out.redacted = std::string(dsn.substr(0, prefix));
  std::string_view rest = dsn.substr(prefix);
  const std::size_t first_at = rest.find('@');
  const std::size_t colon = rest.find(':');
  if (first_at != std::string_view::npos && colon < first_at) {
    const std::size_t query = rest.find('?', first_at);
    const std::size_t last_at = rest.substr(0, query).rfind('@');
    out.secrets.emplace_back(rest.substr(colon + 1, last_at - colon - 1));
    // Before the colon is the user, unless a '?' shows that the query started already
    // ("h/db?password=x&y=a:b@c": no user information, and a password to mask).
    redact_query(rest.substr(0, colon), out);
    out.redacted += ':';
    out.redacted += kMask;
    rest.remove_prefix(last_at);
  }
  // Hosts, database and query: a '?' or '@' in odd places can make any part of it the query
  // libpq reads (and quotes back), so every part is searched for secret keys.
  redact_query(rest, out);
}

// One value of a key=value string, quoted ('a b', backslash escapes) or bare; returns its end.
std::size_t value_end(std::string_view dsn, std::size_t i) {
  const bool quoted = i < dsn.size() && dsn[i] == '\'';
  std::size_t j = quoted ? i + 1 : i;
  while (j < dsn.size() && (quoted ? dsn[j] != '\'' : !is_space(dsn[j])))
    j += dsn[j] == '\\' ? 2 : 1;
  return std::min(dsn.size(), quoted ? j + 1 : j);
}

std::string unquoted(std::string_view value) {
  if (!value.empty() && value.front() == '\'')
    value.remove_prefix(1);
  if (!value.empty() && value.back() == '\'')
    value.remove_suffix(1);
  return std::string(value);
}

// host=h password='p w' dbname=d. Scans like libpq; where libpq would stop (a key without
// '='), nothing after the key is shown: it may be the password.
void scan_keywords(std::string_view dsn, Scan& out) {
  std::size_t i = 0;
  const auto copy_spaces = [&] {
    while (i < dsn.size() && is_space(dsn[i]))
      out.redacted += dsn[i++];
  };
  while (i < dsn.size()) {
    copy_spaces();
    const std::size_t key_start = i;
    while (i < dsn.size() && dsn[i] != '=' && !is_space(dsn[i]))
      ++i;
    const std::string_view key = dsn.substr(key_start, i - key_start);
    out.redacted += key;
    copy_spaces();
    if (i >= dsn.size())
      break;
    if (dsn[i] != '=') {
      out.redacted += kMask;
      break;
    }
    out.redacted += dsn[i++];
    copy_spaces();
    const std::size_t end = value_end(dsn, i);
    const std::string_view value = dsn.substr(i, end - i);
    // "host= password=x": an empty value (an unset shell variable) makes libpq read
    // "password=x" as the host, and quote it back in its errors; the password is still one.
    const std::string inner_value = unquoted(value);
    std::string_view secret_prefix;
    for (std::string_view k : {"password=", "sslpassword="})
      secret_prefix = inner_value.starts_with(k) ? k : secret_prefix;
    if (is_secret_key(key)) {
      out.secrets.push_back(inner_value);
      out.redacted += kMask;
    } else if (!secret_prefix.empty() && key != "dbname") {
      out.secrets.push_back(inner_value.substr(secret_prefix.size()));
      out.redacted += secret_prefix;
      out.redacted += kMask;
    } else if (key == "dbname" && !value.empty()) {
      // libpq expands a dbname that is itself a connection string.
      Scan inner = scan(unquoted(value));
      out.redacted += value.front() == '\'' ? "'" + inner.redacted + "'" : inner.redacted;
      out.secrets.insert(out.secrets.end(), inner.secrets.begin(), inner.secrets.end());
    } else {
      out.redacted += value;
    }
    i = end;
  }
}

// Where a URI starts after nothing but blanks and quotes (a DSN pasted with its shell quotes,
// or a leading blank, is still a URI holding a password); npos when the text is not one.
std::size_t uri_start(std::string_view dsn) {
  std::size_t i = 0;
  while (i < dsn.size() && (is_space(dsn[i]) || dsn[i] == '\'' || dsn[i] == '"'))
    ++i;
  return uri_prefix_length(dsn.substr(i)) ? i : std::string_view::npos;
}

Scan scan(std::string_view dsn) {
  Scan out;
  if (const std::size_t at = uri_start(dsn); at != std::string_view::npos) {
    scan_uri(dsn.substr(at), uri_prefix_length(dsn.substr(at)), out);
    out.redacted.insert(0, dsn.substr(0, at));
  } else {
    scan_keywords(dsn, out);
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

// Best effort: valid %XX escapes decoded, anything else kept (libpq may quote either form).
std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 &&
        hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The password as libpq itself reads it, when it can read the string at all.
std::string parsed_password(std::string_view dsn) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(std::string(dsn).c_str(), &error);
  if (error)
    PQfreemem(error);
  std::string password;
  for (PQconninfoOption* o = options; o && o->keyword; ++o)
    if (std::string_view(o->keyword) == "password" && o->val)
      password = o->val;
  if (options)
    PQconninfoFree(options);
  return password;
}

void replace_all(std::string& text, std::string_view what, std::string_view with) {
  if (what.empty())
    return;
  for (std::size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + with.size()))
    text.replace(at, what.size(), with);
}

} // namespace

bool password_has_raw_at(std::string_view dsn) {
  const std::size_t at = uri_start(dsn);
  if (at == std::string_view::npos)
    return false;
  std::string_view rest = dsn.substr(at + uri_prefix_length(dsn.substr(at)));
  rest = rest.substr(0, rest.find('?'));
  const std::size_t first_at = rest.find('@');
  const std::size_t colon = rest.find(':');
  return first_at != std::string_view::npos && colon < first_at && rest.rfind('@') != first_at;
}

std::string redact_dsn(std::string_view dsn) {
  return scan(dsn).redacted;
}

std::string redact_message(std::string_view message, std::string_view dsn) {
  Scan s = scan(dsn);
  std::vector<std::string> secrets = s.secrets;
  for (const auto& secret : s.secrets)
    secrets.push_back(percent_decoded(secret));
  secrets.push_back(parsed_password(dsn));
  // Longest first, so a password that contains another one is masked whole.
  std::sort(secrets.begin(), secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::string whole(message);
  replace_all(whole, dsn, s.redacted);
  // One pass over the text, so a mask never feeds another replacement: pass after pass, a
  // secret such as "*" (the mask's own character, given several times) grew the text
  // exponentially (a hang found by the DSN fuzzer).
  std::string out;
  for (std::size_t i = 0; i < whole.size();) {
    std::size_t matched = 0;
    for (const auto& secret : secrets) // longest first
      if (!secret.empty() && std::string_view(whole).substr(i).starts_with(secret)) {
        matched = secret.size();
        break;
      }
    if (matched > 0) {
      out += kMask;
      i += matched;
    } else {
      out += whole[i++];
    }
  }
  return out;
}

} // namespace pgdrydock
