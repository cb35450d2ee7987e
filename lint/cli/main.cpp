// Placeholder CLI; the real one (CLI11) is being written.
#include <iostream>

#include "lint/lint_driver.h"

int main(int argc, char** argv) {
  std::vector<std::string> paths(argv + 1, argv + argc);
  auto set = pgdrydock::load_migrations(paths, {});
  auto result = pgdrydock::lint_migrations(set, {});
  for (const auto* f : pgdrydock::all_findings(result))
    std::cout << f->location.file << ":" << f->location.line << ":" << f->location.column << ": "
              << pgdrydock::to_string(f->severity) << ": " << f->message << " [" << f->rule_id
              << "]\n";
  return 0;
}
