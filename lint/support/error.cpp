#include "lint/support/error.h"

namespace pgdrydock {

std::string format_error(const Error& error) {
  if (error.file.empty())
    return error.message;
  std::string out = error.file;
  if (error.line > 0) {
    // append(), not `":" + std::to_string(...)`: false -Wrestrict in GCC 12 -O3 (Release).
    out.append(":").append(std::to_string(error.line));
    if (error.column > 0)
      out.append(":").append(std::to_string(error.column));
  }
  return out.append(": ").append(error.message);
}

ErrorException::ErrorException(Error error)
    : std::runtime_error(format_error(error)), error_(std::move(error)) {}

} // namespace pgdrydock
