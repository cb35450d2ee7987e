#include "cli/report_output.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <iostream>
#include <string>

namespace pgdrydock {

namespace {

// Every byte to fd 1, through short writes and signals; errno of the failure otherwise.
bool write_all(const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

} // namespace

Expected<void> print_report(const ReportRenderer& renderer, const LintResult& result,
                            const RenderOptions& options) {
  std::string report;
  try {
    report = renderer.render(result, options);
  } catch (const std::exception& e) {
    // A renderer bug (or a library refusing a value): said, and nothing written.
    return fail(internal_error("could not render the " + std::string(renderer.name()) +
                               " report (nothing was written): " + e.what()));
  }
  std::cout.flush(); // anything printed before stays before the report
  if (!write_all(report))
    return fail(environment_error("cannot write the " + std::string(renderer.name()) +
                                  " report to standard output: " + std::strerror(errno)));
  return {};
}

} // namespace pgdrydock
