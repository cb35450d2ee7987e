#include "simulate/app_load/app_load_options.h"

#include <string_view>

#include "lint/support/text.h"

namespace pgdrydock {

Expected<void> parse_app_load_kinds(const std::string& text, AppLoadOptions& options) {
  options.reads = false;
  options.writes = false;
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view word = trim_blanks(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (word == "reads")
      options.reads = true;
    else if (word == "writes")
      options.writes = true;
    else
      return fail(usage_error("--app-load " + text + ": expected reads, writes or reads,writes"));
  }
  if (!options.reads && !options.writes)
    return fail(usage_error("--app-load: expected reads, writes or reads,writes"));
  return {};
}

} // namespace pgdrydock
