// The one way pgdrydock reports a failure (docs/errors.md):
//
// - A function that can fail for a reason the caller may handle (bad input, a missing file, a
//   server that refuses) returns `Expected<T>`: the value, or an `Error` saying what went wrong,
//   where (file, line, column when known) and of which kind.
// - Exceptions are only a transport across boundaries that cannot return a value: out of a
//   constructor or a callback, from a worker thread to its caller, or from deep inside a
//   simulation phase whose RAII owners (servers, temp folders) must unwind. Such a failure is
//   thrown as `ErrorException` carrying the same `Error`. Exceptions from libraries (libpqxx,
//   toml++, nlohmann::json, std::filesystem) are caught where the library is called and turned
//   into an `Error` there.
// - The CLI maps an Error's kind to an exit code in one place (cli/exit_codes.h).
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace pgdrydock {

enum class ErrorKind {
  Input,       // the user's files: unreadable, malformed, over a limit (file/line when known)
  Usage,       // the command line or the config: an option, a value, a combination
  Environment, // the machine: a server that cannot start or be reached, a missing binary
  Internal,    // a bug in pgdrydock: reported as such, never blamed on the input
};

struct Error {
  std::string file; // the input it is about; empty for usage and environment errors
  int line = 0;     // 1-based, 0 when unknown
  int column = 0;   // 1-based, 0 when unknown
  std::string message;
  ErrorKind kind = ErrorKind::Input;
};

template <class T = void> using Expected = tl::expected<T, Error>;

// `return fail(Error{...});` from a function returning Expected<T>.
inline tl::unexpected<Error> fail(Error error) {
  return tl::unexpected<Error>(std::move(error));
}

inline Error usage_error(std::string message) {
  return Error{{}, 0, 0, std::move(message), ErrorKind::Usage};
}
inline Error environment_error(std::string message) {
  return Error{{}, 0, 0, std::move(message), ErrorKind::Environment};
}
inline Error internal_error(std::string message) {
  return Error{{}, 0, 0, std::move(message), ErrorKind::Internal};
}

// "file:line:col: message" (line/col omitted when unknown), or the bare message when the error
// is not about a file.
std::string format_error(const Error& error);

// The transport across a boundary (see above). what() is format_error(error()).
class ErrorException : public std::runtime_error {
public:
  explicit ErrorException(Error error);
  const Error& error() const { return error_; }

private:
  Error error_;
};

// At a boundary: the value, or the error thrown as ErrorException.
template <class T> T value_or_throw(Expected<T> result) {
  if (!result)
    throw ErrorException(std::move(result.error()));
  if constexpr (!std::is_void_v<T>)
    return std::move(*result);
}

} // namespace pgdrydock
