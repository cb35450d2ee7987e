#include "lint/support/progress.h"

#include <iostream>

namespace pgdrydock {
namespace {

class NoProgress final : public Progress {
public:
  void overall(long long, long long) override {}
  void phase(std::string_view) override {}
  void message(std::string_view line) override { std::cerr << line << '\n'; }
  void finish() override {}
};

} // namespace

Progress& no_progress() {
  static NoProgress none;
  return none;
}

} // namespace pgdrydock
