#include "cli/exit_codes.h"

#include <iostream>

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

void report_error(const Error& error, std::ostream& out) {
  if (!error.file.empty())
    out << format_error(error) << '\n';
  else if (error.kind == ErrorKind::Internal)
    out << "pgdrydock: internal error: " << error.message << '\n';
  else
    out << "pgdrydock: " << error.message << '\n';
}

int fail_with(const Error& error) {
  report_error(error, std::cerr);
  return exit_code_for(error);
}

} // namespace pgdrydock
