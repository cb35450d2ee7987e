// Bad input that stops one file (or the run): carries file and line for the `file:line: msg` form.
#pragma once

#include <stdexcept>
#include <string>

#include "lint/migration.h"

namespace pgdrydock {

class InputErrorException : public std::runtime_error {
public:
  explicit InputErrorException(InputError e) : std::runtime_error(e.message), error_(std::move(e)) {}
  const InputError& error() const { return error_; }

private:
  InputError error_;
};

// "file:line:col: message" (line/col omitted when unknown).
std::string format_input_error(const InputError& e);

} // namespace pgdrydock
