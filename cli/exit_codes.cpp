#include "cli/exit_codes.h"

#include <unistd.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "lint/support/process_interrupt.h"

namespace pgdrydock {

int exit_code_for(const Error& error) {
  switch (error.kind) {
  case ErrorKind::Input:
  case ErrorKind::Usage:
  case ErrorKind::Environment:
  case ErrorKind::Internal:
    return kExitError;
  }
  return kExitError;
}

int exit_code_for_signal(int signal_number) {
  return 128 + signal_number;
}

namespace {

// Length of the well-formed UTF-8 sequence at the start of `s` (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), or 0.
std::size_t utf8_sequence_length(std::string_view s) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(0);
  std::size_t n = 0;
  unsigned char low = 0x80, high = 0xBF; // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF)
    n = 2;
  else if (lead >= 0xE0 && lead <= 0xEF) {
    n = 3;
    low = lead == 0xE0 ? 0xA0 : 0x80;
    high = lead == 0xED ? 0x9F : 0xBF;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    n = 4;
    low = lead == 0xF0 ? 0x90 : 0x80;
    high = lead == 0xF4 ? 0x8F : 0xBF;
  } else
    return 0;
  if (s.size() < n || byte(1) < low || byte(1) > high)
    return 0;
  for (std::size_t i = 2; i < n; ++i)
    if (byte(i) < 0x80 || byte(i) > 0xBF)
      return 0;
  return n;
}

} // namespace

std::string printable_for_terminal(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
      ++i;
    } else if (std::size_t n = c >= 0x80 ? utf8_sequence_length(text.substr(i)) : 0; n > 0) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
      ++i;
    }
  }
  return out;
}

void report_error(const Error& error, std::ostream& out) {
  if (!error.file.empty())
    out << printable_for_terminal(format_error(error)) << '\n';
  else if (error.kind == ErrorKind::Internal)
    out << "pgdrydock: internal error: " << printable_for_terminal(error.message) << '\n';
  else
    out << "pgdrydock: " << printable_for_terminal(error.message) << '\n';
}

void wait_if_interrupted() {
  const int sig = interrupt_signal();
  if (sig == 0)
    return;
  std::this_thread::sleep_for(std::chrono::minutes(1));
  _exit(exit_code_for_signal(sig));
}

int fail_with(const Error& error) {
  wait_if_interrupted();
  report_error(error, std::cerr);
  return exit_code_for(error);
}

} // namespace pgdrydock
